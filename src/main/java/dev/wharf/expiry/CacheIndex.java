package dev.wharf.expiry;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The mirror's persistent record of what it has cached: every manifest (per repository) and
 * every blob, with its size, its last access and, for a manifest, what it references. It decides
 * nothing and deletes nothing in storage; {@link CacheJanitor} asks it what is idle and tells it
 * what was removed.
 *
 * <p>Reference counting: a blob entry's {@link BlobEntry#references()} counts the manifest
 * entries that reference it plus the manifest entries whose own content it is. Only a blob with
 * no references is offered for deletion, so a layer shared by two images outlives the first of
 * them, and a manifest cached in two repositories keeps its bytes until both entries are gone.
 * References may name digests that are not (yet) cached blobs; they count as soon as the blob
 * is recorded.
 *
 * <p>Recording is idempotent: recording an entry again refreshes its last access and never
 * counts its size or references twice. Access notes ({@link #manifestAccessed}, {@link
 * #blobAccessed}) only touch memory, so the request path never waits for the disk; {@link
 * #flush()} writes them in one batch. Implementations are safe for concurrent use.
 */
public interface CacheIndex extends AutoCloseable {

    /**
     * Records a manifest just cached in {@code repository} (its content, a blob, is recorded with
     * it). Call after its content and revision link are in storage.
     *
     * @param references what it keeps alive: config and layers for an image, children for an
     *     index; duplicates and the manifest's own digest are ignored
     */
    void recordManifest(RepositoryName repository, Digest digest, long size, Collection<Digest> references,
            Instant now);

    /** Records a blob just committed and linked into {@code repository} (a fill's commit). */
    void recordBlob(RepositoryName repository, Digest digest, long size, Instant now);

    /**
     * Notes a read of a cached manifest (by tag or digest). Memory only; {@link #flush()} stores
     * it. Ignored at flush time when the manifest is not recorded.
     */
    void manifestAccessed(RepositoryName repository, Digest digest, Instant now);

    /** Notes a read of a cached blob. Memory only; {@link #flush()} stores it. */
    void blobAccessed(Digest digest, Instant now);

    /** Writes the access notes gathered since the last flush, in one batch. */
    void flush();

    /** The manifest entry, its last access including notes not flushed yet. */
    Optional<ManifestEntry> manifest(RepositoryName repository, Digest digest);

    /** The blob entry, its last access including notes not flushed yet. */
    Optional<BlobEntry> blob(Digest digest);

    /**
     * Manifest entries last accessed at or before {@code cutoff}, least recently used first, as
     * of the last flush. Pass {@link Instant#MAX} for all of them (the budget's LRU order). The
     * iterator reads lazily, O(log n) per step; entries removed meanwhile are skipped.
     */
    Iterator<ManifestEntry> manifestsIdleSince(Instant cutoff);

    /** The least recently used manifest entry, as of the last flush. */
    default Optional<ManifestEntry> leastRecentlyUsedManifest() {
        Iterator<ManifestEntry> oldest = manifestsIdleSince(Instant.MAX);
        return oldest.hasNext() ? Optional.of(oldest.next()) : Optional.empty();
    }

    /**
     * Blob entries with no references, last accessed at or before {@code cutoff}, least recently
     * used first, as {@link #manifestsIdleSince}.
     */
    Iterator<BlobEntry> unreferencedBlobsIdleSince(Instant cutoff);

    /**
     * Removes a manifest entry and drops the references it held (its content's included), unless
     * it was recorded or read after {@code notAccessedAfter} (access notes not yet flushed
     * included). Call after its tags and revision link are gone from storage. The condition is
     * what keeps the index from losing track of a manifest the mirror cached again while the
     * janitor was deleting it: such an entry stays, and at worst points at data that is gone,
     * which the mirror fetches again on the next read.
     *
     * @param notAccessedAfter the last access the caller saw (or its cutoff); {@link Instant#MAX}
     *     removes unconditionally
     * @return the blob entries this left without references, now candidates for deletion; empty
     *     when the entry was absent or accessed since
     */
    Optional<List<BlobEntry>> removeManifest(RepositoryName repository, Digest digest, Instant notAccessedAfter);

    /**
     * Removes a blob entry, unless it is referenced or was recorded or read after {@code
     * notAccessedAfter} (for the same reason as {@link #removeManifest}). Call after its links and
     * data are gone from storage. References counted for the digest are kept.
     *
     * @return whether it was removed
     */
    boolean removeBlob(Digest digest, Instant notAccessedAfter);

    /** Bytes and entry counts; O(1). */
    CacheTotals totals();

    /**
     * When the next entry falls due with this time to live: the earliest last access among
     * manifest entries and unreferenced blob entries, plus {@code ttl}. Empty when nothing can
     * expire (no such entries, or a zero ttl).
     */
    Optional<Instant> nextDue(Duration ttl);

    /** Flushes, stores everything and releases the file. Idempotent. */
    @Override
    void close();
}
