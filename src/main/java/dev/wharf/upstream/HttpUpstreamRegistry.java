package dev.wharf.upstream;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * <p>Two connection pools: blob transfers (GET and its redirects) have their own, sized to the
 * fills that may run at once, so that however many long transfers run, a manifest HEAD, a tag list,
 * a blob HEAD, the ping and token requests find a connection in the other, small pool at once.
 *
 * <p>Thread-safe: one instance serves all requests of a mirror. {@link #close()} shuts both
 * connection pools down.
 *
 * <p>Logs to {@code java.util.logging} logger {@code dev.wharf.upstream}: FINE for each request
 * (method, URL without query, status), INFO for each token obtained, WARNING for what an operator
 * should fix (refused credentials, unknown host, TLS failure, a remote URL that is no registry).
 * Neither logs nor exception messages carry credentials, tokens or URL queries.
 */
public final class HttpUpstreamRegistry implements UpstreamRegistry, AutoCloseable {

    /**
     * Metadata requests are short: this many to one host at once is plenty for manifest HEADs of
     * many clients, and small enough not to hammer the upstream.
     */
    private static final int METADATA_PER_ROUTE = 20;
    /** The upstream, its token server and a CDN (for blob HEADs) at the same time. */
    private static final int METADATA_TOTAL = 3 * METADATA_PER_ROUTE;

    private final Urls urls;
    private final Transport metadata;
    private final Transport transfers;
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
     * @param maxConcurrentFills blob transfers that may run at once (the proxy's fill threads): the
     *     size of the transfer pool, per host and in all
     * @throws IllegalArgumentException for an unusable URL, half the credentials, a non-positive
     *     timeout or fill count
     */
    public HttpUpstreamRegistry(URI remoteUrl, Optional<String> username, Optional<String> password, Duration timeout,
            int maxConcurrentFills) {
        this(remoteUrl, username, password, timeout, maxConcurrentFills, Clock.systemUTC());
    }

    /** With the clock that times tokens, for tests. */
    HttpUpstreamRegistry(URI remoteUrl, Optional<String> username, Optional<String> password, Duration timeout,
            int maxConcurrentFills, Clock clock) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the upstream timeout must be positive");
        }
        if (maxConcurrentFills < 1) {
            throw new IllegalArgumentException("at least one blob transfer must be allowed at once");
        }
        this.urls = new Urls(remoteUrl);
        Optional<Credentials> credentials = Credentials.of(username, password);
        this.metadata = new Transport(timeout, METADATA_PER_ROUTE, METADATA_TOTAL);
        // A fill holds one connection at a time: a redirect's is given back before the next hop.
        this.transfers = new Transport(timeout, maxConcurrentFills, maxConcurrentFills);
        TokenFetcher tokenFetcher = new TokenFetcher(metadata, credentials);
        BearerTokens tokens = new BearerTokens(tokenFetcher::fetch, clock, urls.display());
        Authenticator authenticator = new Authenticator(metadata, urls, credentials, tokens);
        EndpointCaller metadataCaller = new EndpointCaller(metadata, authenticator, urls.display());
        EndpointCaller transferCaller = new EndpointCaller(transfers, authenticator, urls.display());
        this.manifestFetcher = new ManifestFetcher(metadataCaller, urls);
        this.manifestHeader = new ManifestHeader(metadataCaller, urls, manifestFetcher);
        this.blobChecker = new BlobChecker(metadataCaller, new Redirects(metadata), urls);
        this.blobFetcher = new BlobFetcher(transferCaller, new Redirects(transfers), urls);
        this.tagLister = new TagLister(metadataCaller, urls);
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
     * our {@code Authorization}, even on the upstream's own host. Every wait before the body
     * (a free connection of the transfer pool, connecting, the ping and token requests, each hop,
     * each response) is bounded by the upstream timeout and by the deadline. The body is not
     * buffered and not verified here. Reading it fails with an {@link java.io.IOException} when the
     * upstream stalls longer than the timeout (or than the time the deadline left at the start) or
     * breaks off. Closing it after its end gives the connection back to the pool; closing it
     * earlier drops the connection.
     */
    @Override
    public Optional<BlobStream> getBlob(RepositoryName repository, Digest digest, Instant deadline)
            throws UpstreamException {
        return blobFetcher.get(repository, digest, new Deadline(Objects.requireNonNull(deadline, "deadline")));
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

    /** Shuts the connection pools down; blob streams still open then fail. */
    @Override
    public void close() {
        try {
            transfers.close();
        } finally {
            metadata.close();
        }
    }

    @Override
    public String toString() {
        return "HttpUpstreamRegistry[" + urls.display() + "]";
    }
}
