package dev.wharf.proxy;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;

/**
 * Upstream transfers of blobs the mirror does not have yet: at most one per digest for the
 * whole registry, however many requests ask for it while it runs.
 */
public interface BlobFills {

    /**
     * The running transfer of {@code digest}, or a new one fetching it from the upstream
     * repository {@code repository}. Never blocks on the upstream.
     */
    Fill join(RepositoryName repository, Digest digest);
}
