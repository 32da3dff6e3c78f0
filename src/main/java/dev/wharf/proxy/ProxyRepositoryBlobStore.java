package dev.wharf.proxy;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.expiry.ActiveDigests;
import dev.wharf.expiry.CacheIndex;
import dev.wharf.storage.BlobInfo;
import dev.wharf.storage.BlobStore;
import dev.wharf.storage.LocalRepositoryBlobStore;
import dev.wharf.storage.OpenBlob;
import dev.wharf.storage.RepositoryBlobStore;
import dev.wharf.upstream.UpstreamException;
import dev.wharf.upstream.UpstreamRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Blobs of a mirror: served from the local store when cached, else from a fill of the upstream.
 * A blob the store holds for another repository is linked into this one once the upstream
 * confirms this repository has it (a HEAD, no transfer), so shared base layers are fetched once;
 * without that confirmation (upstream down, or refusing) it is not served here.
 */
public final class ProxyRepositoryBlobStore implements RepositoryBlobStore {
    private final LocalRepositoryBlobStore local;
    private final BlobStore blobs;
    private final UpstreamRegistry upstream;
    private final BlobFills fills;
    private final ProxyStatistics statistics;
    private final CacheIndex index;
    private final ActiveDigests active;

    public ProxyRepositoryBlobStore(LocalRepositoryBlobStore local, BlobStore blobs, UpstreamRegistry upstream,
            BlobFills fills, ProxyStatistics statistics, CacheIndex index, ActiveDigests active) {
        this.local = local;
        this.blobs = blobs;
        this.upstream = upstream;
        this.fills = fills;
        this.statistics = statistics;
        this.index = index;
        this.active = active;
    }

    @Override
    public Optional<BlobInfo> stat(RepositoryName repository, Digest digest) throws IOException {
        Optional<BlobInfo> cached = local.stat(repository, digest);
        if (cached.isPresent()) {
            accessed(repository, cached.get());
            return cached;
        }
        Optional<Long> stored = blobs.size(digest);
        Optional<Long> upstreamSize;
        try {
            upstreamSize = upstream.headBlob(repository, digest);
        } catch (UpstreamException e) {
            statistics.upstreamFailed();
            // Not linked here, and the upstream cannot confirm this repository has it: a blob cached
            // for another repository is not served, or any repository name would reach it.
            if (e.kind() == UpstreamException.Kind.DENIED) {
                throw new RegistryException(OciErrorCode.DENIED, Map.of("repository", repository.value(),
                        "reason", "the upstream registry refused access to this repository"));
            }
            throw unavailable(repository, digest, e);
        }
        if (upstreamSize.isEmpty()) {
            return Optional.empty();
        }
        if (stored.isPresent()) {
            local.link(repository, digest);
            index.recordBlob(repository, digest, stored.get(), Instant.now());
            return Optional.of(new BlobInfo(digest, stored.get()));
        }
        return Optional.of(new BlobInfo(digest, upstreamSize.get()));
    }

    @Override
    public Optional<OpenBlob> read(RepositoryName repository, Digest digest) throws IOException {
        // As before RepositoryBlobStore.read lost its default: the size from stat, the bytes from open.
        return stat(repository, digest).map(info -> OpenBlob.deferred(info, offset -> open(repository, digest, offset)));
    }

    @Override
    public InputStream open(RepositoryName repository, Digest digest, long offset) throws IOException {
        Optional<InputStream> cached = local.openIfLinked(repository, digest, offset);
        if (cached.isPresent()) {
            // Held while streaming, so the janitor does not remove a blob a client is reading.
            ActiveDigests.Hold hold = active.hold(digest);
            return new java.io.FilterInputStream(cached.get()) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        hold.close();
                    }
                }
            };
        }
        return new FillInputStream(fills.join(repository, digest), offset);
    }

    @Override
    public void delete(RepositoryName repository, Digest digest) {
        throw ReadOnly.refuse(upstream.describe(), "deleting blobs");
    }

    @Override
    public Optional<BlobInfo> mount(RepositoryName repository, Digest digest, Optional<RepositoryName> source) {
        throw ReadOnly.refuse(upstream.describe(), "mounting blobs");
    }

    /** Notes the access for expiry; a blob cached before the index existed is recorded now. */
    private void accessed(RepositoryName repository, BlobInfo blob) {
        if (index.blob(blob.digest()).isEmpty()) {
            index.recordBlob(repository, blob.digest(), blob.size(), Instant.now());
        } else {
            index.blobAccessed(blob.digest(), Instant.now());
        }
    }

    static RegistryException unavailable(RepositoryName repository, Object what, UpstreamException e) {
        return new RegistryException(OciErrorCode.UNAVAILABLE, Map.of(
                "reason", "the upstream registry could not answer and " + what + " of " + repository + " is not cached",
                "upstream", e.getMessage()));
    }
}
