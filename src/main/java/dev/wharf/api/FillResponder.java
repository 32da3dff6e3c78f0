package dev.wharf.api;

import dev.wharf.domain.Digest;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.proxy.Fill;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Streams one blob (or one range of it) to one client from a {@link Fill} as it grows, with
 * non-blocking servlet output: no thread waits for the upstream or for a slow client.
 *
 * <p>Besides the container's {@code onWritePossible}, the fill's progress drives the drain
 * ({@link AsyncBlobResponder}): a fill event only signals — the fill's thread must never write to
 * a client, or one slow client would slow the fill and every other reader — and hands the drain
 * to a container thread with {@link AsyncContext#start}, unless one is pending or running.
 *
 * <p>A fill that fails after the headers went out breaks the client's connection
 * ({@link #abort}); the last byte is held back until the fill is verified and committed.
 */
final class FillResponder extends AsyncBlobResponder {
    private static final Logger LOG = Logger.getLogger(FillResponder.class.getName());

    private final Fill fill;
    private final String range;
    private final List<String> ifNoneMatch;
    private final Runnable signal = this::signal;
    // Touched only by the drain, which runs on one thread at a time.
    private BlobResponse head;
    private InputStream spool;
    private long position;
    private long end;

    FillResponder(AsyncContext context, Fill fill, Digest digest) {
        super(context, digest);
        this.fill = fill;
        HttpServletRequest request = (HttpServletRequest) context.getRequest();
        this.range = request.getHeader("Range");
        this.ifNoneMatch = Collections.list(request.getHeaders("If-None-Match"));
    }

    void start() {
        context.addListener(this);
        fill.addListener(signal);
        signal();
    }

    /** A fill event: more bytes, or the end. Never writes; schedules a drain on a container thread. */
    private void signal() {
        if (!demand()) {
            return; // a drain is pending or running and will go round again
        }
        try {
            context.start(this::drain);
        } catch (RuntimeException e) {
            // The request is over or the container is stopping: nobody is left to write to.
            LOG.log(Level.FINE, "could not hand the stream of " + digest + " to a container thread", e);
            release();
        }
    }

    @Override
    protected String timeLimit() {
        return "proxy.filltimeout";
    }

    @Override
    protected void readFailed(IOException e) {
        // A failed fill deletes its spool under its readers; UpstreamFills already logged why.
        boolean fillFailed = fill.status() == Fill.Status.FAILED || fill.status() == Fill.Status.NOT_FOUND;
        LOG.log(fillFailed ? Level.FINE : Level.WARNING, "could not read the spooled blob " + digest
                + "; the client's transfer is broken off", e);
    }

    @Override
    protected void step() throws IOException {
        // Status first: read after readable(), a commit in between would look like a short blob.
        Fill.Status status = fill.status();
        if (head == null) {
            begin(status);
            return;
        }
        if (out == null) {
            return; // the head failed or had no body; finish() already ran
        }
        while (!over() && ready()) {
            long limit = limit(status);
            if (position < limit) {
                if (spool == null) {
                    spool = fill.open(position);
                }
                int n = spool.read(buffer, 0, (int) Math.min(buffer.length, limit - position));
                if (n < 0) {
                    throw new IOException("the spool of " + digest + " ended at byte " + position + " before the bytes it announced");
                }
                write(n);
                position += n;
                continue;
            }
            if (status == Fill.Status.COMMITTED) {
                if (end >= 0 && position < end) {
                    throw new IOException("the committed blob " + digest + " is shorter than the range sent");
                }
                finish();
                return;
            }
            if (status == Fill.Status.FAILED || status == Fill.Status.NOT_FOUND) {
                abort(fill.failure().map(RuntimeException::getMessage).orElse("the transfer failed"));
                return;
            }
            Fill.Status now = fill.status();
            if (now == status) {
                return; // caught up with the fill: its next event drains again
            }
            status = now;
        }
    }

    /**
     * How far the body may go now (exclusive). Until the fill is committed the last byte of the
     * blob, and the last byte of the range, wait: a wrong blob must never reach a client whole.
     */
    private long limit(Fill.Status status) {
        long available = fill.available();
        if (status == Fill.Status.COMMITTED) {
            return end < 0 ? available : Math.min(available, end);
        }
        return end < 0 ? available - 1 : Math.min(available - 1, end - 1);
    }

    private void begin(Fill.Status status) throws IOException {
        if (status == Fill.Status.STARTING || (status == Fill.Status.STREAMING && fill.size() == 0)) {
            return; // an empty blob has no last byte to hold back: its whole answer waits for verification
        }
        HttpServletResponse response = (HttpServletResponse) context.getResponse();
        if (status == Fill.Status.FAILED || status == Fill.Status.NOT_FOUND) {
            head = BlobResponse.head(digest, 0);
            RegistryException error = fill.failure().orElseGet(() -> new RegistryException(OciErrorCode.UNAVAILABLE,
                    Map.of("digest", digest.toString(), "reason", "fetching the blob from the upstream registry failed")));
            try {
                BlobResponse.writeError(response, error);
            } catch (IOException e) {
                LOG.log(Level.FINE, "could not send an error for " + digest + " to a client that went away", e);
            }
            finish();
            return;
        }
        head = BlobResponse.get(digest, fill.size(), range, ifNoneMatch);
        try {
            head.apply(response);
        } catch (IOException e) {
            throw new ClientGone(e);
        }
        if (!head.hasBody()) {
            finish();
            return;
        }
        position = head.offset();
        end = head.length() < 0 ? -1 : head.offset() + head.length();
        try {
            out = response.getOutputStream();
        } catch (IOException e) {
            throw new ClientGone(e);
        }
        // The container now calls onWritePossible (at once, then whenever the client can take
        // more), which drains; isReady() may only be asked after this.
        out.setWriteListener(this);
    }

    /** Lets go of the fill: no more events, the spool closed, the hold on the digest released. */
    @Override
    protected void releaseSource() {
        fill.removeListener(signal);
        try {
            if (spool != null) {
                spool.close();
            }
        } catch (IOException e) {
            // nothing more to read from it
        } finally {
            fill.close();
        }
    }
}
