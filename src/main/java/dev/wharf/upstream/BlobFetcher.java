package dev.wharf.upstream;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.upstream.UpstreamRegistry.BlobStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * GET a blob, following redirects, and hand its body over unread: the caller streams it (into the
 * spool of a fill) and closes it. Its requests go out on the transfer pool, the token and ping on
 * the metadata pool.
 */
final class BlobFetcher {

    private final EndpointCaller caller;
    private final Redirects redirects;
    private final Urls urls;

    BlobFetcher(EndpointCaller caller, Redirects redirects, Urls urls) {
        this.caller = caller;
        this.redirects = redirects;
        this.urls = urls;
    }

    /** @param deadline bounds every request until the body starts: token, blob GET, each redirect hop */
    Optional<BlobStream> get(RepositoryName repository, Digest digest, Deadline deadline) throws UpstreamException {
        Exchange first = caller.call("GET", urls.blob(repository, digest), repository, List.of(), deadline);
        Exchange exchange = redirects.follow("GET", first, deadline);
        boolean handedOver = false;
        try {
            if (exchange.status() == 404) {
                return Optional.empty();
            }
            if (exchange.status() != 200) {
                throw exchange.unexpected();
            }
            InputStream body;
            try {
                body = exchange.stream();
            } catch (IOException e) {
                throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
                        "reading the answer to " + exchange.describe() + " failed: " + Transport.describe(e), e);
            }
            BlobStream blob = new BlobStream(body == null ? InputStream.nullInputStream() : new Body(exchange, body),
                    exchange.contentLength());
            handedOver = true;
            return Optional.of(blob);
        } finally {
            if (!handedOver) {
                exchange.abort();
            }
        }
    }

    /**
     * A blob body that gives its connection back to the pool when read to the end, and drops it
     * when closed early, instead of reading the rest as HttpClient would. Read failures name the
     * URL (without its query, which may hold a signature).
     */
    private static final class Body extends InputStream {
        private final Exchange exchange;
        private final InputStream in;
        // Volatile: a fill may close the stream from another thread to abort a blocked read.
        private volatile long read;
        private volatile boolean ended;
        private volatile boolean closed;

        Body(Exchange exchange, InputStream in) {
            this.exchange = exchange;
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                if (b < 0) {
                    ended = true;
                } else {
                    read++;
                }
                return b;
            } catch (IOException e) {
                throw broken(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int n = in.read(buffer, offset, length);
                if (n < 0) {
                    ended = true;
                } else {
                    read += n;
                }
                return n;
            } catch (IOException e) {
                throw broken(e);
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (ended) {
                exchange.consumed();
                exchange.close();
            } else {
                exchange.abort();
            }
        }

        private IOException broken(IOException e) {
            return new IOException("upstream " + exchange.describe() + " broke off after " + read + " bytes: "
                    + Transport.describe(e), e);
        }
    }
}
