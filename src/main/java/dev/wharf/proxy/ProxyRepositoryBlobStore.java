package dev.wharf.proxy;

import dev.wharf.api.error.OciErrorCode;
import dev.wharf.api.error.RegistryException;
import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.BlobInfo;
import dev.wharf.storage.BlobStore;
import dev.wharf.storage.LocalRepositoryBlobStore;
import dev.wharf.storage.RepositoryBlobStore;
import dev.wharf.upstream.UpstreamException;
import dev.wharf.upstream.UpstreamRegistry;
import java.io.IOException;
import java.io.InputStream;
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

    public ProxyRepositoryBlobStore(LocalRepositoryBlobStore local, BlobStore blobs, UpstreamRegistry upstream,
            BlobFills fills, ProxyStatistics statistics) {
        this.local = local;
        this.blobs = blobs;
        this.upstream = upstream;
        this.fills = fills;
        this.statistics = statistics;
    }

    @Override
    public Optional<BlobInfo> stat(RepositoryName repository, Digest digest) throws IOException {
        Optional<BlobInfo> cached = local.stat(repository, digest);
        if (cached.isPresent()) {
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
            return Optional.of(new BlobInfo(digest, stored.get()));
        }
        return Optional.of(new BlobInfo(digest, upstreamSize.get()));
    }

    @Override
    public InputStream open(RepositoryName repository, Digest digest, long offset) throws IOException {
        if (local.stat(repository, digest).isPresent()) {
            return local.open(repository, digest, offset);
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

    static RegistryException unavailable(RepositoryName repository, Object what, UpstreamException e) {
        return new RegistryException(OciErrorCode.UNAVAILABLE, Map.of(
                "reason", "the upstream registry could not answer and " + what + " of " + repository + " is not cached",
                "upstream", e.getMessage()));
    }
}
