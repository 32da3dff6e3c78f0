package dev.wharf.upstream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * A pooled HttpClient and the one place a request goes out: it logs the request line and status
 * at FINE and turns every I/O failure (refused, unknown host, timeout, TLS) into UNAVAILABLE. It
 * knows nothing of authentication; headers are given by the caller.
 *
 * <p>{@link HttpUpstreamRegistry} holds two: one for blob transfers, one for everything else, so
 * that long transfers never hold the connections a manifest HEAD or a token request waits for.
 */
final class Transport implements AutoCloseable {

    static final Logger LOG = Logger.getLogger("dev.wharf.upstream");

    private final Duration timeout;
    private final RequestConfig defaults;
    private final CloseableHttpClient client;
    private volatile boolean closed;

    /**
     * @param timeout for connecting, for each read of a response, and for waiting on a pooled connection
     * @param maxPerRoute connections to one host at most (the upstream, its token server, a CDN)
     * @param maxTotal connections at most
     */
    Transport(Duration timeout, int maxPerRoute, int maxTotal) {
        this.timeout = timeout;
        Timeout t = Timeout.of(timeout);
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(t)
                .setSocketTimeout(t)
                // A pooled connection idle this long is checked before reuse, since registries and
                // load balancers close idle keep-alive connections without telling us.
                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                .build();
        this.defaults = RequestConfig.custom()
                .setConnectionRequestTimeout(t)
                .setResponseTimeout(t)
                .setRedirectsEnabled(false)
                .setAuthenticationEnabled(false)
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(maxTotal)
                        .setMaxConnPerRoute(maxPerRoute)
                        .setDefaultConnectionConfig(connections)
                        .build())
                .setDefaultRequestConfig(defaults)
                // Redirects are followed by BlobFetcher, without our Authorization header.
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                // Blob bytes must arrive as stored upstream, to match their digest.
                .disableContentCompression()
                .setRetryStrategy(new ConnectionRetriesOnly())
                // http(s).proxyHost and http.nonProxyHosts of the JVM, for mirrors behind a proxy.
                .setRoutePlanner(new SystemDefaultRoutePlanner(ProxySelector.getDefault()))
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent("Wharf")
                .build();
    }

    /**
     * Sends a request and returns the open response, whatever its status.
     *
     * @param headers request headers; a value with several lines is sent as several headers
     * @param deadline bounds the pool queue, connecting and the wait for the response, each also
     *     bounded by the timeout
     * @throws UpstreamException UNAVAILABLE when no response arrived
     */
    Exchange send(String method, URI uri, Map<String, ? extends Iterable<String>> headers, Deadline deadline)
            throws UpstreamException {
        String what = method + " " + Urls.redact(uri);
        if (closed) {
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, what + " not sent: the upstream client is closed");
        }
        if (deadline.passed()) {
            throw deadline.exceeded(what + " not sent");
        }
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        headers.forEach((name, values) -> values.forEach(value -> request.addHeader(name, value)));
        Duration wait = deadline.bound(timeout);
        if (!deadline.equals(Deadline.NONE)) {
            request.setConfig(bounded(wait));
        }
        long start = System.nanoTime();
        ClassicHttpResponse response;
        try {
            response = client.executeOpen(null, request, null);
        } catch (IOException e) {
            // A wait cut short by the deadline may end a hair before it, by the socket's rounding.
            if (deadline.passed() || (wait.compareTo(timeout) < 0 && e instanceof InterruptedIOException)) {
                LOG.fine(() -> "upstream " + what + " failed at the fill's deadline: " + describe(e));
                throw deadline.exceeded(what + " failed: " + describe(e), e);
            }
            Level level = e instanceof UnknownHostException || e instanceof SSLException ? Level.WARNING : Level.FINE;
            LOG.log(level, () -> "upstream " + what + " failed: " + describe(e)
                    + (level == Level.WARNING ? ": check proxy.remoteurl and the JVM's trust store" : ""));
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, what + " failed: " + describe(e), e);
        } catch (IllegalStateException e) {
            if (!closed) {
                throw e;
            }
            // close() raced with this request: the pool refuses leases once shut down.
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, what + " not sent: the upstream client is closed", e);
        }
        Exchange exchange = new Exchange(method, uri, request, response);
        LOG.fine(() -> "upstream " + exchange.describe() + " -> " + response.getCode()
                + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
        return exchange;
    }

    /**
     * The default request settings with every wait (pool queue, connect, response) cut to the
     * time a deadline leaves. The per-request connect timeout is deprecated in favour of the pool's
     * per-route {@link ConnectionConfig}, which cannot follow a deadline of each transfer; HttpClient
     * 5.6 still honours it ahead of the pool's.
     */
    @SuppressWarnings("deprecation")
    private RequestConfig bounded(Duration wait) {
        Timeout t = Timeout.of(wait);
        return RequestConfig.copy(defaults)
                .setConnectionRequestTimeout(t)
                .setConnectTimeout(t)
                .setResponseTimeout(t)
                .build();
    }

    /** An I/O failure in words: its kind and message. */
    static String describe(IOException e) {
        String kind;
        if (e instanceof UnknownHostException) {
            kind = "unknown host";
        } else if (e instanceof InterruptedIOException) {
            kind = "timed out";
        } else if (e instanceof SSLException) {
            kind = "TLS failed";
        } else {
            kind = e.getClass().getSimpleName();
        }
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }

    /** Shuts the pool down; exchanges still open fail. */
    @Override
    public void close() {
        closed = true;
        client.close(CloseMode.GRACEFUL);
    }

    /**
     * Retries a request once when a pooled connection turned out dead before any response, but
     * never on a status: a 429 or 503 goes to the caller, which serves its cache instead of waiting.
     */
    private static final class ConnectionRetriesOnly extends DefaultHttpRequestRetryStrategy {
        ConnectionRetriesOnly() {
            super(1, TimeValue.ZERO_MILLISECONDS);
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            return false;
        }
    }
}
