package dev.wharf.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Manifests of a mirror. By digest: the cache, else the upstream, verified against the digest
 * before it is stored. By tag: a HEAD upstream says which digest the tag names now, and the
 * manifest is fetched only when that digest is not cached; within {@code proxy.tagfreshness} of
 * the last check the cached tag is served without asking. Concurrent requests for the same
 * repository and reference share one upstream check and one fetch. When the upstream cannot
 * answer, or answers with a manifest that is not what it named, the cached tag is served and
 * counted.
 */
public final class ProxyManifestStore implements ManifestStore {
    private static final Logger LOG = Logger.getLogger(ProxyManifestStore.class.getName());
    /** Tags whose last check is remembered for proxy.tagfreshness; the oldest are forgotten past this. */
    private static final int MAX_FRESH_TAGS = 100_000;

    private final LocalManifestStore local;
    private final UpstreamRegistry upstream;
    private final Clock clock;
    private final ProxyStatistics statistics;
    private final CacheIndex index;
    private final Cache<String, Instant> freshTags;
    private final SingleFlight<String, Optional<StoredManifest>> tagChecks = new SingleFlight<>();
    private final SingleFlight<String, Optional<StoredManifest>> digestFetches = new SingleFlight<>();

    public ProxyManifestStore(LocalManifestStore local, UpstreamRegistry upstream, Duration tagFreshness, Clock clock,
            ProxyStatistics statistics, CacheIndex index) {
        this.local = local;
        this.upstream = upstream;
        this.clock = clock;
        this.statistics = statistics;
        this.index = index;
        // Entries expire on their own once stale, so the map never outgrows the tags pulled
        // within one freshness period (and never MAX_FRESH_TAGS).
        this.freshTags = Caffeine.newBuilder()
                .maximumSize(MAX_FRESH_TAGS)
                .expireAfterWrite(tagFreshness)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
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
            return digestFetches.run(repository + "@" + digest, () -> fetch(repository, digest, Optional.empty()));
        } catch (SingleFlight.Shared e) {
            statistics.upstreamFailed();
            LOG.warning("manifest " + repository + "@" + digest + " is not cached and the upstream could not give it: "
                    + e.getCause().getMessage());
            throw NotCached.because(repository, "manifest " + digest, upstreamFailure(e));
        }
    }

    private Optional<StoredManifest> byTag(RepositoryName repository, Tag tag) throws IOException {
        Reference reference = new Reference.ByTag(tag);
        String key = repository + ":" + tag;
        if (freshTags.getIfPresent(key) != null) {
            Optional<StoredManifest> fresh = local.get(repository, reference);
            if (fresh.isPresent()) {
                return fresh;
            }
        }
        try {
            return tagChecks.run(key, () -> checkTag(repository, tag, key));
        } catch (SingleFlight.Shared e) {
            return servedWhileUpstreamDown(repository, reference, upstreamFailure(e));
        }
    }

    /** Asks the upstream which manifest the tag names now, and caches that manifest if it is new. */
    private Optional<StoredManifest> checkTag(RepositoryName repository, Tag tag, String key)
            throws IOException, SingleFlight.Shared {
        Optional<UpstreamRegistry.ManifestHead> head;
        try {
            head = upstream.headManifest(repository, tag.value());
        } catch (UpstreamException e) {
            throw new SingleFlight.Shared(e);
        }
        if (head.isEmpty()) {
            return Optional.empty();
        }
        Digest digest = head.get().digest();
        Optional<StoredManifest> cached = local.get(repository, new Reference.ByDigest(digest));
        if (cached.isPresent()) {
            local.tag(repository, tag, digest);
        } else {
            cached = fetch(repository, digest, Optional.of(tag));
        }
        freshTags.put(key, clock.instant());
        return cached;
    }

    private Optional<StoredManifest> fetch(RepositoryName repository, Digest digest, Optional<Tag> tag)
            throws IOException, SingleFlight.Shared {
        Optional<UpstreamRegistry.FetchedManifest> fetched;
        try {
            fetched = upstream.getManifest(repository, digest.toString());
        } catch (UpstreamException e) {
            throw new SingleFlight.Shared(e);
        }
        if (fetched.isEmpty()) {
            return Optional.empty();
        }
        byte[] content = fetched.get().content();
        Digest actual = Digest.compute(digest.algorithm(), content);
        if (!actual.equals(digest)) {
            // The upstream's fault, like an outage: a cached copy of the tag is still good to serve.
            throw new SingleFlight.Shared(new UpstreamException(UpstreamException.Kind.INVALID, "upstream "
                    + upstream.describe() + " sent a manifest with digest " + actual + " for " + repository + "@" + digest
                    + "; it was not cached"));
        }
        return Optional.of(local.cache(repository, digest, content, fetched.get().mediaType(), tag));
    }

    /** Requests waiting for another request's upstream check or fetch, for tests of the sharing. */
    int sharedWaiters() {
        return tagChecks.waiting() + digestFetches.waiting();
    }

    /** Tags checked within the last proxy.tagfreshness, for tests of the bound. */
    long rememberedTags() {
        freshTags.cleanUp();
        return freshTags.estimatedSize();
    }

    private static UpstreamException upstreamFailure(SingleFlight.Shared shared) {
        return (UpstreamException) shared.getCause();
    }

    private Optional<StoredManifest> servedWhileUpstreamDown(RepositoryName repository, Reference reference,
            UpstreamException e) throws IOException {
        statistics.upstreamFailed();
        Optional<StoredManifest> cached = local.get(repository, reference);
        if (cached.isEmpty()) {
            throw NotCached.because(repository, "manifest " + reference, e);
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
