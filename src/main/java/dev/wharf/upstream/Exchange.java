package dev.wharf.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One upstream request and its open response. Whoever holds an exchange closes it. {@link #close()}
 * gives the connection back to the pool when the body was read or is small, and drops it otherwise
 * (HttpClient would read the rest first, which for a blob may be gigabytes); {@link #abort()} always
 * drops it, and may be called from another thread to end a blocked read.
 */
final class Exchange implements AutoCloseable {

    /** Unread bodies up to this size (error pages, redirect notes) are read to keep the connection. */
    private static final long SMALL_BODY = 64 * 1024;

    private final String method;
    private final URI uri;
    private final HttpUriRequestBase request;
    private final ClassicHttpResponse response;
    /** Whether the body was read to its end (or dropped): nothing left to read before release. */
    private volatile boolean consumed;

    Exchange(String method, URI uri, HttpUriRequestBase request, ClassicHttpResponse response) {
        this.method = method;
        this.uri = uri;
        this.request = request;
        this.response = response;
    }

    URI uri() {
        return uri;
    }

    int status() {
        return response.getCode();
    }

    /** The first value of a header. */
    Optional<String> header(String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? Optional.empty() : Optional.ofNullable(header.getValue());
    }

    /** Every value of a header, in order. */
    List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (Header header : response.getHeaders(name)) {
            values.add(header.getValue());
        }
        return values;
    }

    /** {@code Content-Length}, or -1 when absent or malformed. */
    long contentLength() {
        return header("Content-Length").map(value -> {
            try {
                long length = Long.parseLong(value.trim());
                return length >= 0 ? length : -1L;
            } catch (NumberFormatException e) {
                return -1L;
            }
        }).orElse(-1L);
    }

    /** "GET https://host/v2/…", for logs and messages. */
    String describe() {
        return method + " " + Urls.redact(uri);
    }

    /**
     * Reads the whole body, refusing more than {@code cap} bytes.
     *
     * @throws UpstreamException INVALID when the body is larger, UNAVAILABLE when reading fails
     */
    byte[] body(int cap) throws UpstreamException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new byte[0];
        }
        if (entity.getContentLength() > cap) {
            abort();
            throw tooLarge(cap);
        }
        try {
            InputStream in = entity.getContent();
            byte[] content = in.readNBytes(cap + 1);
            if (content.length > cap) {
                abort();
                throw tooLarge(cap);
            }
            consumed = true;
            in.close();
            return content;
        } catch (IOException e) {
            abort();
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
                    "reading the answer to " + describe() + " failed: " + Transport.describe(e), e);
        }
    }

    /** The body as a stream that the caller reads and closes; null when the response has none. */
    InputStream stream() throws IOException {
        HttpEntity entity = response.getEntity();
        return entity == null ? null : entity.getContent();
    }

    private UpstreamException tooLarge(int cap) {
        return new UpstreamException(UpstreamException.Kind.INVALID,
                describe() + " answered more than " + cap + " bytes, the limit for this response");
    }

    /** The exception for a status this step cannot use. */
    UpstreamException unexpected() {
        return new UpstreamException(UpstreamException.Kind.INVALID, describe() + " answered an unexpected " + status());
    }

    /** Whether the status means the upstream cannot serve now: 5xx or 429. */
    boolean isUnavailable() {
        return status() >= 500 || status() == 429;
    }

    /** For a 5xx or 429: closes this exchange and returns the UNAVAILABLE exception to throw. */
    UpstreamException unavailable() {
        close();
        String retry = header("Retry-After").map(value -> " (Retry-After: " + value + ")").orElse("");
        return new UpstreamException(UpstreamException.Kind.UNAVAILABLE, describe() + " answered " + status() + retry);
    }

    /** Drops the connection without reading the rest of the body. */
    void abort() {
        consumed = true;
        request.cancel();
        try {
            response.close();
        } catch (IOException e) {
            // The connection is gone either way.
        }
    }

    /** Marks the body as read to its end by someone else (a blob reader), so close() keeps the connection. */
    void consumed() {
        consumed = true;
    }

    /**
     * Releases the response. A body read to its end, or a small one read now, gives its connection
     * back to the pool; a larger unread body drops the connection rather than being read through.
     */
    @Override
    public void close() {
        HttpEntity entity = response.getEntity();
        if (!consumed && entity != null && (entity.getContentLength() < 0 || entity.getContentLength() > SMALL_BODY)) {
            abort();
            return;
        }
        try {
            if (!consumed && entity != null) {
                EntityUtils.consumeQuietly(entity);
            }
            response.close();
        } catch (IOException e) {
            // Nothing to do: the connection is discarded rather than reused.
        }
    }
}
