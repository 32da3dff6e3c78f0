/**
 * The mirror's expiry and disk budget: a persistent index of what is cached, and the janitor
 * that removes what is idle past {@code proxy.ttl} or beyond {@code proxy.maxsize}.
 *
 * <pre>
 * proxy (fill commit, manifest cache, cached reads) ─► CacheIndex ◄── MvStoreCacheIndex (MVStore file + journal)
 *                                                        ▲
 * scheduler (every few seconds: tick) ─► CacheJanitor ───┤
 *                                          │             └ asks what is idle / least recently used, records removals
 *                                          └─► CachedContent ◄── StorageCachedContent (tags, links, then data)
 * </pre>
 *
 * <p>What the mirror must call, and when:
 * <ul>
 *   <li>After a blob fill is committed and linked into a repository, and whenever an existing
 *       blob is linked into another repository: {@link dev.wharf.expiry.CacheIndex#recordBlob}.
 *       A {@code _layers} link the index does not know of is not deleted with the blob.
 *   <li>After a manifest from upstream is stored (content, revision link, tag):
 *       {@link dev.wharf.expiry.CacheIndex#recordManifest} with the digests of its config and
 *       layers, or of its children for an index.
 *   <li>On every read served from the cache: {@link dev.wharf.expiry.CacheIndex#manifestAccessed}
 *       (by tag or digest, once the digest is known) or {@link dev.wharf.expiry.CacheIndex#blobAccessed}.
 *       Memory only.
 *   <li>Every few seconds: {@link dev.wharf.expiry.CacheJanitor#tick()} (flushes access notes, runs a
 *       pass when due or over budget); or {@link dev.wharf.expiry.CacheIndex#flush()} on a timer
 *       plus {@link dev.wharf.expiry.CacheJanitor#runPass()} at the instant the last pass returned.
 *   <li>On shutdown: stop the scheduler, then {@link dev.wharf.expiry.CacheIndex#close()}.
 * </ul>
 */
package dev.wharf.expiry;
