package dev.wharf.upstream;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The upstream registry over HTTP (HttpClient 5 classic, pooled): Docker Hub, GHCR, distribution,
 * any registry of the OCI Distribution spec, anonymous or with {@code proxy.username} and
 * {@code proxy.password} as Basic credentials or for Bearer tokens.
 *
 * <p>Each HTTP step is its own small class ({@code ManifestHeader}, {@code ManifestFetcher},
 * {@code BlobChecker}, {@code BlobFetcher}, {@code TagLister}); they share one
 * {@code EndpointCaller}, which owns authentication ({@code Authenticator}, {@code BearerTokens})
 * and the translation of failures into {@link UpstreamException}s.
 *
 * <p>Thread-safe: one instance serves all requests of a mirror. {@link #close()} shuts the
 * connection pool down.
 *
 * <p>Logs to {@code java.util.logging} logger {@code dev.wharf.upstream}: FINE for each request
 * (method, URL without query, status), INFO for each token obtained, WARNING for what an operator
 * should fix (refused credentials, unknown host, TLS failure, a remote URL that is no registry).
 * Neither logs nor exception messages carry credentials, tokens or URL queries.
 */
public final class HttpUpstreamRegistry implements UpstreamRegistry, AutoCloseable {

    private final Urls urls;
    private final Transport transport;
    private final ManifestHeader manifestHeader;
    private final ManifestFetcher manifestFetcher;
    private final BlobChecker blobChecker;
    private final BlobFetcher blobFetcher;
    private final TagLister tagLister;

    /**
     * @param remoteUrl {@code proxy.remoteurl}, such as {@code https://registry-1.docker.io}; a path
     *     prefix is kept, credentials in it are refused
     * @param username {@code proxy.username}; empty for anonymous pulls
     * @param password {@code proxy.password}; set exactly when the username is
     * @param timeout for connecting, for each read of an answer (so also for a blob that stalls
     *     mid-stream), and for waiting on a free pooled connection
     * @throws IllegalArgumentException for an unusable URL, half the credentials or a non-positive timeout
     */
    public HttpUpstreamRegistry(URI remoteUrl, Optional<String> username, Optional<String> password, Duration timeout) {
        this(remoteUrl, username, password, timeout, Clock.systemUTC());
    }

    /** With the clock that times tokens, for tests. */
    HttpUpstreamRegistry(URI remoteUrl, Optional<String> username, Optional<String> password, Duration timeout, Clock clock) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the upstream timeout must be positive");
        }
        this.urls = new Urls(remoteUrl);
        Optional<Credentials> credentials = Credentials.of(username, password);
        this.transport = new Transport(timeout);
        BearerTokens tokens = new BearerTokens(new TokenFetcher(transport, credentials), clock, urls.display());
        EndpointCaller caller = new EndpointCaller(transport,
                new Authenticator(transport, urls, credentials, tokens), urls.display());
        Redirects redirects = new Redirects(transport);
        this.manifestFetcher = new ManifestFetcher(caller, urls);
        this.manifestHeader = new ManifestHeader(caller, urls, manifestFetcher);
        this.blobChecker = new BlobChecker(caller, redirects, urls);
        this.blobFetcher = new BlobFetcher(caller, redirects, urls);
        this.tagLister = new TagLister(caller, urls);
    }

    /**
     * {@inheritDoc}
     *
     * <p>An upstream that answers the HEAD without {@code Docker-Content-Digest} or
     * {@code Content-Length} is asked again with a GET, and the digest computed from the body
     * (with the reference's algorithm when it is a digest, sha256 otherwise). The media type is the
     * essence of {@code Content-Type}, or "" when there is none.
     *
     * @throws IllegalArgumentException when the reference is neither a tag nor a digest
     */
    @Override
    public Optional<ManifestHead> headManifest(RepositoryName repository, String reference) throws UpstreamException {
        return manifestHeader.head(repository, reference);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The media type is the essence of {@code Content-Type} (lower case, without parameters), or
     * "" when there is none; the claimed digest is {@code Docker-Content-Digest} when well-formed.
     * Neither is checked here. More than 4 MiB is INVALID.
     *
     * @throws IllegalArgumentException when the reference is neither a tag nor a digest
     */
    @Override
    public Optional<FetchedManifest> getManifest(RepositoryName repository, String reference) throws UpstreamException {
        return manifestFetcher.get(repository, reference);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Redirects are followed as for {@link #getBlob}. An answer without {@code Content-Length}
     * is INVALID.
     */
    @Override
    public Optional<Long> headBlob(RepositoryName repository, Digest digest) throws UpstreamException {
        return blobChecker.head(repository, digest);
    }

    /**
     * {@inheritDoc}
     *
     * <p>At most 5 redirects (301, 302, 303, 307, 308), none of which gets
     * our {@code Authorization}, even on the upstream's own host. The body is not buffered and not
     * verified here. Reading it fails with an {@link java.io.IOException} when the upstream stalls
     * longer than the timeout or breaks off. Closing it after its end gives the connection back to
     * the pool; closing it earlier drops the connection.
     */
    @Override
    public Optional<BlobStream> getBlob(RepositoryName repository, Digest digest) throws UpstreamException {
        return blobFetcher.get(repository, digest);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Tags are returned in the upstream's order, pages concatenated. A next page on another host
     * is INVALID (our token is not sent there).
     */
    @Override
    public Optional<List<String>> tags(RepositoryName repository) throws UpstreamException {
        return tagLister.tags(repository);
    }

    @Override
    public String describe() {
        return urls.display();
    }

    /** Shuts the connection pool down; blob streams still open then fail. */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "HttpUpstreamRegistry[" + urls.display() + "]";
    }
}
