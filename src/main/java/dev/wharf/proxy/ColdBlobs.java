package dev.wharf.proxy;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import java.io.IOException;
import java.time.Duration;

/**
 * The mirror's cold blob path as the API sees it: whether there is one, the fills, and how long
 * a client may wait on a fill. A private registry has {@link #none()}.
 */
public interface ColdBlobs {

    /** Whether blobs that are not cached are fetched from an upstream. */
    boolean enabled();

    /** Whether the blob is in local storage, in this repository or any other. */
    boolean cached(RepositoryName repository, Digest digest) throws IOException;

    /** The upstream transfers; only when {@link #enabled()}. */
    BlobFills fills();

    /** How long one blob transfer (and so a client waiting on it) may take. */
    Duration fillTimeout();

    /** A registry with no upstream. */
    static ColdBlobs none() {
        return new ColdBlobs() {
            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public boolean cached(RepositoryName repository, Digest digest) {
                return true;
            }

            @Override
            public BlobFills fills() {
                throw new IllegalStateException("a private registry fetches nothing from an upstream");
            }

            @Override
            public Duration fillTimeout() {
                return Duration.ZERO;
            }
        };
    }
}
