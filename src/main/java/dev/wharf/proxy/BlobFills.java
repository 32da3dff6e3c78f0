package dev.wharf.proxy;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.error.RegistryException;
import java.io.IOException;
import java.util.Optional;

/**
 * Upstream transfers of blobs the mirror does not have yet: at most one per digest for the
 * whole registry, however many requests ask for it while it runs.
 */
public interface BlobFills {

    /**
     * Joins the running transfer of {@code digest}, or starts one from the upstream repository
     * {@code repository}, atomically with a look at the local store: empty when the blob is
     * already stored (serve it from there), so a request that found the blob missing a moment ago
     * never starts a second transfer of what a fill just committed. Never blocks on the upstream.
     * The caller closes the fill when it is done reading.
     *
     * @throws RetryLaterException when no transfer can start now (all fill threads and the
     *     queue are busy, or the registry is stopping)
     */
    Optional<Fill> join(RepositoryName repository, Digest digest) throws IOException;
}
