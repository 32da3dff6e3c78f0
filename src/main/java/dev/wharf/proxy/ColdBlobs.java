package dev.wharf.proxy;

import dev.wharf.domain.Digest;
import java.io.IOException;
import java.time.Duration;

/**
 * The mirror's cold blob path as the API sees it: whether there is one, the fills, and how long
 * a client may wait on a fill. A private registry has {@link #none()}.
 */
public interface ColdBlobs {

    /** Whether blobs that are not cached are fetched from an upstream. */
    boolean enabled();

    /**
     * Whether the blob's data is in local storage, for any repository. One stat: whether this
     * repository may read it (linked, or confirmed by the upstream) is the store's decision when
     * it is read.
     */
    boolean cached(Digest digest) throws IOException;

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
            public boolean cached(Digest digest) {
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
