package dev.wharf.proxy;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.Descriptor;
import dev.wharf.domain.Digest;
import dev.wharf.domain.Reference;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.Tag;
import dev.wharf.expiry.CacheIndex;
import dev.wharf.storage.LocalManifestStore;
import dev.wharf.storage.ManifestStore;
import dev.wharf.storage.StoredManifest;
import dev.wharf.upstream.UpstreamException;
import dev.wharf.upstream.UpstreamRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Manifests of a mirror. By digest: the cache, else the upstream, verified against the digest
 * before it is stored. By tag: a HEAD upstream says which digest the tag names now, and the
 * manifest is fetched only when that digest is not cached; within {@code proxy.tagfreshness} of
 * the last check the cached tag is served without asking. When the upstream cannot answer, the
 * cached tag is served and counted.
 */
public final class ProxyManifestStore implements ManifestStore {
    private static final Logger LOG = Logger.getLogger(ProxyManifestStore.class.getName());

    private final LocalManifestStore local;
    private final UpstreamRegistry upstream;
    private final Duration tagFreshness;
    private final Clock clock;
    private final ProxyStatistics statistics;
    private final CacheIndex index;
    private final ConcurrentHashMap<String, Instant> tagChecked = new ConcurrentHashMap<>();

    public ProxyManifestStore(LocalManifestStore local, UpstreamRegistry upstream, Duration tagFreshness, Clock clock,
            ProxyStatistics statistics, CacheIndex index) {
        this.local = local;
        this.upstream = upstream;
        this.tagFreshness = tagFreshness;
        this.clock = clock;
        this.statistics = statistics;
        this.index = index;
    }

    @Override
    public Optional<StoredManifest> get(RepositoryName repository, Reference reference) throws IOException {
        Optional<StoredManifest> found = lookup(repository, reference);
        found.ifPresent(manifest -> accessed(repository, manifest));
        return found;
    }

    private Optional<StoredManifest> lookup(RepositoryName repository, Reference reference) throws IOException {
        if (reference instanceof Reference.ByTag byTag) {
            return byTag(repository, byTag.tag());
        }
        Digest digest = reference.asDigest().orElseThrow();
        Optional<StoredManifest> cached = local.get(repository, reference);
        if (cached.isPresent()) {
            return cached;
        }
        try {
            return fetch(repository, digest, Optional.empty());
        } catch (UpstreamException e) {
            statistics.upstreamFailed();
            throw ProxyRepositoryBlobStore.unavailable(repository, "manifest " + digest, e);
        }
    }

    private Optional<StoredManifest> byTag(RepositoryName repository, Tag tag) throws IOException {
        Reference reference = new Reference.ByTag(tag);
        String key = repository + ":" + tag;
        if (!tagFreshness.isZero()) {
            Instant checked = tagChecked.get(key);
            if (checked != null && checked.plus(tagFreshness).isAfter(clock.instant())) {
                Optional<StoredManifest> fresh = local.get(repository, reference);
                if (fresh.isPresent()) {
                    return fresh;
                }
            }
        }
        Optional<UpstreamRegistry.ManifestHead> head;
        try {
            head = upstream.headManifest(repository, tag.value());
        } catch (UpstreamException e) {
            return servedWhileUpstreamDown(repository, reference, e);
        }
        if (head.isEmpty()) {
            return Optional.empty();
        }
        Digest digest = head.get().digest();
        Optional<StoredManifest> cached;
        if (local.exists(repository, digest)) {
            local.tag(repository, tag, digest);
            cached = local.get(repository, new Reference.ByDigest(digest));
        } else {
            try {
                cached = fetch(repository, digest, Optional.of(tag));
            } catch (UpstreamException e) {
                return servedWhileUpstreamDown(repository, reference, e);
            }
        }
        tagChecked.put(key, clock.instant());
        return cached;
    }

    private Optional<StoredManifest> fetch(RepositoryName repository, Digest digest, Optional<Tag> tag)
            throws IOException, UpstreamException {
        Optional<UpstreamRegistry.FetchedManifest> fetched = upstream.getManifest(repository, digest.toString());
        if (fetched.isEmpty()) {
            return Optional.empty();
        }
        byte[] content = fetched.get().content();
        Digest actual = Digest.compute(digest.algorithm(), content);
        if (!actual.equals(digest)) {
            statistics.upstreamFailed();
            LOG.warning("upstream " + upstream.describe() + " sent a manifest with digest " + actual + " for " + repository
                    + "@" + digest + "; it was not cached");
            throw new RegistryException(OciErrorCode.UNAVAILABLE, Map.of("repository", repository.value(),
                    "reason", "the upstream registry sent a manifest that does not have the requested digest " + digest));
        }
        return Optional.of(local.cache(repository, digest, content, fetched.get().mediaType(), tag));
    }

    private Optional<StoredManifest> servedWhileUpstreamDown(RepositoryName repository, Reference reference,
            UpstreamException e) throws IOException {
        statistics.upstreamFailed();
        Optional<StoredManifest> cached = local.get(repository, reference);
        if (cached.isEmpty()) {
            throw ProxyRepositoryBlobStore.unavailable(repository, "manifest " + reference, e);
        }
        statistics.servedFromCacheWhileUpstreamDown();
        LOG.warning("upstream " + upstream.describe() + " could not answer (" + e.getMessage() + "); serving the cached "
                + repository + ":" + reference + " = " + cached.get().digest());
        return cached;
    }

    /** Notes the access for expiry; a manifest cached before the index existed is recorded now. */
    private void accessed(RepositoryName repository, StoredManifest manifest) {
        if (index.manifest(repository, manifest.digest()).isEmpty()) {
            List<Digest> references = new java.util.ArrayList<>();
            manifest.manifest().blobs().forEach(blob -> references.add(blob.digest()));
            manifest.manifest().children().forEach(child -> references.add(child.digest()));
            index.recordManifest(repository, manifest.digest(), manifest.content().length, references, clock.instant());
        } else {
            index.manifestAccessed(repository, manifest.digest(), clock.instant());
        }
    }

    @Override
    public StoredManifest put(RepositoryName repository, Reference reference, byte[] content, String contentType) {
        throw ReadOnly.refuse(upstream.describe(), "pushing manifests");
    }

    @Override
    public void delete(RepositoryName repository, Reference reference) {
        throw ReadOnly.refuse(upstream.describe(), "deleting manifests");
    }

    @Override
    public List<Descriptor> referrers(RepositoryName repository, Digest subject, Optional<String> artifactType)
            throws IOException {
        return local.referrers(repository, subject, artifactType);
    }

    @Override
    public boolean exists(RepositoryName repository, Digest digest) throws IOException {
        return local.exists(repository, digest);
    }
}
