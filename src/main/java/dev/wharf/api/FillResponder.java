package dev.wharf.api;

import dev.wharf.domain.Digest;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.proxy.Fill;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Streams one blob (or one range of it) to one client from a {@link Fill} as it grows, with
 * non-blocking servlet output: no thread waits for the upstream or for a slow client.
 *
 * <p>Two kinds of event drive {@link #drain()}: the container's {@code onWritePossible} (the
 * client can take more), which drains on its own container thread, and the fill's progress,
 * which only signals — the fill's thread must never write to a client, or one slow client would
 * slow the fill and every other reader — and hands the drain to a container thread with
 * {@link AsyncContext#start}. A demand counter lets one drain run at a time and makes it go round
 * again for every event that arrived meanwhile, so no event is lost and no second task is
 * scheduled while one is pending.
 *
 * <p>A transfer that breaks after the headers went out (the fill failed, the spool could not be
 * read, a bug) cannot be turned into an error status. It must break visibly instead of ending
 * short and looking complete: the request is dispatched back to {@link BlobFillFilter}, which
 * throws, and the container closes the connection mid-body. Only a client that went away ends
 * its response quietly.
 */
final class FillResponder implements WriteListener, AsyncListener {
    private static final Logger LOG = Logger.getLogger(FillResponder.class.getName());
    static final String ABORT_ATTRIBUTE = "dev.wharf.fill.abort";
    private static final int CHUNK = 64 * 1024;

    private final AsyncContext context;
    private final Fill fill;
    private final Digest digest;
    private final String range;
    private final List<String> ifNoneMatch;
    private final Runnable signal = this::signal;
    private final AtomicInteger demand = new AtomicInteger();
    private final AtomicBoolean over = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private final byte[] buffer = new byte[CHUNK];
    // Touched only by the drain, which runs on one thread at a time.
    private BlobResponse head;
    private ServletOutputStream out;
    private InputStream spool;
    private long position;
    private long end;

    FillResponder(AsyncContext context, Fill fill, Digest digest) {
        this.context = context;
        this.fill = fill;
        this.digest = digest;
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
        if (demand.getAndIncrement() != 0) {
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
    public void onWritePossible() {
        if (demand.getAndIncrement() == 0) {
            drain();
        }
    }

    /**
     * Runs the drain loop; events that arrive meanwhile are counted in {@code demand} and make it
     * go round again (the drain loop of reactive libraries). Whatever a round throws, the counter
     * comes down, so a failure can never leave later events waiting on a drain that is gone.
     */
    private void drain() {
        int missed = 1;
        while (true) {
            try {
                if (!over.get()) {
                    step();
                }
            } catch (ClientGone e) {
                LOG.log(Level.FINE, "a client of blob " + digest + " went away; the fill continues", e.getCause());
                finish();
            } catch (IOException e) {
                // A failed fill deletes its spool under its readers; UpstreamFills already logged why.
                boolean fillFailed = fill.status() == Fill.Status.FAILED || fill.status() == Fill.Status.NOT_FOUND;
                LOG.log(fillFailed ? Level.FINE : Level.WARNING, "could not read the spooled blob " + digest
                        + "; the client's transfer is broken off", e);
                abort("the spool could not be read: " + e.getMessage());
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "streaming blob " + digest + " failed; the client's transfer is broken off", e);
                abort("internal error: " + e);
            }
            missed = demand.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void step() throws IOException {
        // Status first: read after readable(), a commit in between would look like a short blob.
        Fill.Status status = fill.status();
        if (head == null) {
            begin(status);
            return;
        }
        if (out == null) {
            return; // the head failed or had no body; finish() already ran
        }
        while (!over.get() && ready()) {
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

    private boolean ready() throws ClientGone {
        try {
            return out.isReady();
        } catch (RuntimeException e) {
            throw new ClientGone(new IOException(e));
        }
    }

    private void write(int n) throws ClientGone {
        try {
            out.write(buffer, 0, n);
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /** Breaks the connection: the client must see a failed transfer, not a short complete one. */
    private void abort(String reason) {
        if (over.compareAndSet(false, true)) {
            release();
            context.getRequest().setAttribute(ABORT_ATTRIBUTE, reason);
            try {
                context.dispatch();
            } catch (IllegalStateException e) {
                // already completed by the container (client gone, timeout): the connection is over anyway
            }
        }
    }

    private void finish() {
        if (over.compareAndSet(false, true)) {
            release();
            try {
                context.complete();
            } catch (IllegalStateException e) {
                // already completed by the container (timeout or error)
            }
        }
    }

    /** Lets go of the fill: no more events, the spool closed, the hold on the digest released. Idempotent. */
    private void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
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

    @Override
    public void onError(Throwable failure) {
        LOG.log(Level.FINE, "client stream of " + digest + " failed; the fill continues", failure);
        finish();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        over.set(true);
        release();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        LOG.warning("a client waited longer than proxy.filltimeout for blob " + digest + "; its transfer is broken off");
        abort("the client waited longer than proxy.filltimeout");
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not re-started
    }

    /** Writing to the client failed: it went away, which ends its response quietly. */
    private static final class ClientGone extends IOException {
        ClientGone(IOException cause) {
            super(cause);
        }
    }
}
