package dev.wharf.api;

import dev.wharf.domain.Digest;
import dev.wharf.domain.InvalidValueException;
import dev.wharf.domain.RepositoryName;
import dev.wharf.error.RegistryException;
import dev.wharf.proxy.Fill;
import dev.wharf.proxy.ColdBlobs;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * In mirror mode, serves {@code GET /v2/<name>/blobs/<digest>} for blobs that are not cached
 * yet: joins (or starts) the one upstream fill of that digest and streams it to this client with
 * {@link FillResponder}, asynchronously — with the same head as a cached blob ({@link BlobResponse}).
 * Everything else, cached blobs included, goes on to the
 * JAX-RS resources. It is a servlet filter rather than a resource because non-blocking output
 * from inside JAX-RS makes Tomcat log a state error on every request.
 */
@WebFilter(urlPatterns = "/v2/*", asyncSupported = true, dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class BlobFillFilter extends HttpFilter {
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/([^/]+)");

    // Field injection: the servlet container creates filters with their no-argument constructor
    // and Weld injects afterwards.
    @Inject
    private ColdBlobs coldBlobs;

    /** For the servlet container, which injects {@link ColdBlobs} afterwards. */
    public BlobFillFilter() {}

    /** For tests: the mirror without CDI. */
    BlobFillFilter(ColdBlobs coldBlobs) {
        this.coldBlobs = coldBlobs;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            Object failure = request.getAttribute(FillResponder.ABORT_ATTRIBUTE);
            if (failure != null) {
                // Thrown after the body started: the container closes the connection, which is
                // how a client learns that the transfer broke (see FillResponder).
                throw new IOException("upstream transfer failed mid-body: " + failure);
            }
        }
        if (!coldBlobs.enabled() || !"GET".equals(request.getMethod()) || request.getDispatcherType() != DispatcherType.REQUEST) {
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
        if (coldBlobs.cached(repository, digest)) {
            chain.doFilter(request, response); // the common case, without touching the fills' map
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
}
