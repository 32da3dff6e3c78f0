package dev.wharf.upstream;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The registry a mirror pulls from ({@code proxy.remoteurl}), as the proxy stores need it: read
 * only, by repository, with authentication (anonymous, Basic, Bearer token) handled inside.
 *
 * <p>Every method throws {@link UpstreamException} when the upstream cannot answer usefully; absence
 * upstream is not an exception but an empty result, and {@link UpstreamException#kind()} tells
 * "unreachable or failing" ({@code UNAVAILABLE}: connection refused, timeout, 5xx, 429) from the
 * rest, so that the caller serves its cache exactly when the upstream cannot answer. No credential ever appears in an
 * exception message.
 *
 * <p>Implementations are safe for concurrent use by any number of threads. Nothing returned is
 * verified against a digest here: checking content is the caller's job.
 */
public interface UpstreamRegistry {

    /** What a manifest HEAD tells: the digest a reference resolves to, its type and size. */
    record ManifestHead(Digest digest, String mediaType, long size) {}

    /** A fetched manifest: exact bytes, the media type the upstream gave, and the digest it claimed (if any). */
    record FetchedManifest(byte[] content, String mediaType, Optional<Digest> claimedDigest) {}

    /**
     * A blob body being received, not buffered. The caller reads and closes it; closing early
     * aborts the transfer (also from another thread, which ends a read blocked on a stalled
     * upstream). A read that fails midway throws an {@link IOException}.
     *
     * @param size the blob's size from {@code Content-Length}, or -1 when the upstream sent none
     */
    record BlobStream(InputStream body, long size) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * HEADs a manifest by tag or digest with every manifest media type in {@code Accept}. HEAD
     * requests do not count against Docker Hub's pull limit.
     *
     * @param reference a tag or a digest string
     * @return empty when the upstream has no such manifest
     */
    Optional<ManifestHead> headManifest(RepositoryName repository, String reference) throws UpstreamException;

    /**
     * GETs a manifest (at most 4 MiB) by tag or digest with every manifest media type in {@code Accept}.
     *
     * @return empty when the upstream has no such manifest
     */
    Optional<FetchedManifest> getManifest(RepositoryName repository, String reference) throws UpstreamException;

    /**
     * HEADs a blob for its size without fetching it.
     *
     * @return empty when the upstream has no such blob
     */
    Optional<Long> headBlob(RepositoryName repository, Digest digest) throws UpstreamException;

    /**
     * Starts a blob GET. Redirects (to a CDN, as Docker Hub answers) are followed without the
     * {@code Authorization} header.
     *
     * @param deadline when the transfer must have started by ({@code proxy.filltimeout} from the
     *     fill's start): bounds every wait before the body, such as a token request or a redirect hop
     * @return empty when the upstream has no such blob
     * @throws UpstreamException UNAVAILABLE, naming {@code proxy.filltimeout}, when the deadline
     *     passes before the body starts
     */
    Optional<BlobStream> getBlob(RepositoryName repository, Digest digest, Instant deadline) throws UpstreamException;

    /**
     * All tags of a repository, following {@code Link} pagination.
     *
     * @return empty when the upstream has no such repository
     */
    Optional<List<String>> tags(RepositoryName repository) throws UpstreamException;

    /** The upstream's base URL, for logs (never with credentials). */
    String describe();
}
