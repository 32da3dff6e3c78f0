package dev.wharf.api;

import dev.wharf.domain.Digest;
import dev.wharf.domain.InvalidValueException;
import dev.wharf.domain.RepositoryName;
import dev.wharf.error.RegistryException;
import dev.wharf.proxy.Fill;
import dev.wharf.proxy.ColdBlobs;
import dev.wharf.storage.OpenBlob;
import dev.wharf.storage.RepositoryBlobStore;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves {@code GET /v2/<name>/blobs/<digest>} asynchronously, so that a client downloading a
 * blob holds no request thread while it waits on its socket: a stored blob is streamed with
 * {@link BlobStreamResponder}; in mirror mode a blob that is not cached yet joins (or starts) the
 * one upstream fill of that digest and is streamed with {@link FillResponder}. Both heads come
 * from {@link BlobResponse}. Everything else goes on to the JAX-RS resources: HEAD, DELETE, and
 * every GET that is not a plain successful read (a bad name or digest, an unknown blob, 304, 416,
 * an error of the store), so those answers stay the resource's. It is a servlet filter rather
 * than a resource because non-blocking output from inside JAX-RS makes Tomcat log a state error
 * on every request.
 */
@WebFilter(urlPatterns = "/v2/*", asyncSupported = true, dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class BlobFillFilter extends HttpFilter {
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/([^/]+)");

    // Field injection: the servlet container creates filters with their no-argument constructor
    // and Weld injects afterwards.
    @Inject
    private ColdBlobs coldBlobs;
    @Inject
    private RepositoryBlobStore blobs;

    /** For the servlet container, which injects the fields afterwards. */
    public BlobFillFilter() {}

    /** For tests: without CDI. */
    BlobFillFilter(ColdBlobs coldBlobs, RepositoryBlobStore blobs) {
        this.coldBlobs = coldBlobs;
        this.blobs = blobs;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            Object failure = request.getAttribute(AsyncBlobResponder.ABORT_ATTRIBUTE);
            if (failure != null) {
                // Thrown after the body started: the container closes the connection, which is
                // how a client learns that the transfer broke (see AsyncBlobResponder).
                throw new IOException("blob transfer broken off mid-body: " + failure);
            }
        }
        if (!"GET".equals(request.getMethod()) || request.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(request, response);
            return;
        }
        Matcher matcher = BLOB.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        if (!matcher.matches()) {
            chain.doFilter(request, response);
            return;
        }
        RepositoryName repository;
        Digest digest;
        try {
            repository = RepositoryName.parse(matcher.group(1));
            digest = Digest.parse(matcher.group(2));
        } catch (InvalidValueException e) {
            chain.doFilter(request, response); // the resource answers with the OCI error
            return;
        }
        if (!coldBlobs.enabled() || coldBlobs.cached(digest)) {
            stored(request, response, chain, repository, digest); // the common case, without touching the fills' map
            return;
        }
        Optional<Fill> fill;
        try {
            // Atomic with a second look at the store: empty when a fill committed it meanwhile.
            fill = coldBlobs.fills().join(repository, digest);
        } catch (RegistryException e) {
            BlobResponse.writeError(response, e);
            return;
        }
        if (fill.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        AsyncContext context = request.startAsync();
        context.setTimeout(coldBlobs.fillTimeout().toMillis());
        new FillResponder(context, fill.get(), digest).start();
    }

    /** A stored blob: streamed asynchronously when it can be read and has a body, else the resource answers. */
    private void stored(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            RepositoryName repository, Digest digest) throws IOException, ServletException {
        Optional<OpenBlob> read;
        try {
            // In mirror mode the mirror's store: it links a blob stored for another repository
            // once the upstream confirms it, and holds the digest against the janitor until closed.
            read = blobs.read(repository, digest);
        } catch (IOException | RuntimeException e) {
            // RegistryException included: the resource meets the same error and answers it as it
            // always has (an unexpected one as 500 with an incident id in the log).
            read = Optional.empty();
        }
        if (read.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        OpenBlob blob = read.get();
        BlobResponse head = BlobResponse.get(digest, blob.size(), request.getHeader("Range"),
                Collections.list(request.getHeaders("If-None-Match")));
        if (!head.hasBody()) {
            blob.close();
            chain.doFilter(request, response); // 304 and 416, answered by the resource
            return;
        }
        try {
            AsyncContext context = request.startAsync();
            // No limit on the whole transfer: a large blob to a slow client may take long. A client
            // that stops reading is cut off by the connector's write timeout, which reports it to
            // the responder as an error.
            context.setTimeout(0);
            new BlobStreamResponder(context, blob, head).start();
        } catch (RuntimeException e) {
            blob.close();
            throw e;
        }
    }
}
