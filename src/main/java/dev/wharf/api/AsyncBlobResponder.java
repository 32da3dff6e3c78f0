package dev.wharf.api;

import dev.wharf.domain.Digest;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The skeleton of a blob response written with non-blocking servlet output, so that no request
 * thread waits for a slow client: the drain loop, and how a response ends. A subclass says what
 * one round of writing does ({@link #step()}) and what to let go of at the end ({@link #releaseSource()}).
 *
 * <p>Every event that may let the response go on (the container's {@code onWritePossible}, or a
 * subclass's own events through {@link #demand()}) enters {@link #drain()}. A demand counter lets
 * one drain run at a time and makes it go round again for every event that arrived meanwhile, so
 * no event is lost between "caught up" and "stopped" (the drain loop of reactive libraries).
 *
 * <p>A transfer that breaks after the headers went out (the source could not be read or ended
 * early, a bug) cannot be turned into an error status. It must break visibly instead of ending
 * short and looking complete: {@link #abort} dispatches the request back to {@link BlobFillFilter},
 * which throws, and the container closes the connection mid-body. Only a client that went away
 * ends its response quietly ({@link #finish()}).
 */
abstract class AsyncBlobResponder implements WriteListener, AsyncListener {
    private static final Logger LOG = Logger.getLogger(AsyncBlobResponder.class.getName());
    /** Set on the request by {@link #abort}; {@link BlobFillFilter} breaks the connection when it sees it. */
    static final String ABORT_ATTRIBUTE = "dev.wharf.blob.abort";
    private static final int CHUNK = 64 * 1024;

    protected final AsyncContext context;
    protected final Digest digest;
    protected final byte[] buffer = new byte[CHUNK];
    private final AtomicInteger demand = new AtomicInteger();
    private final AtomicBoolean over = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    // Set and used only by the drain, which runs on one thread at a time.
    protected ServletOutputStream out;

    AsyncBlobResponder(AsyncContext context, Digest digest) {
        this.context = context;
        this.digest = digest;
    }

    /** One round of writing: as much as the client and the source allow now. Runs on one thread at a time. */
    protected abstract void step() throws IOException;

    /** Lets go of the source of the bytes; called once, whichever way the response ended. */
    protected abstract void releaseSource();

    /**
     * Logs why reading the source failed, which breaks the client's transfer; a subclass that
     * knows the failure was already reported may log it lower.
     */
    protected void readFailed(IOException e) {
        LOG.log(Level.WARNING, "could not read blob " + digest + "; the client's transfer is broken off", e);
    }

    /** What limits the transfer's time, as an operator would look it up (a configuration key). */
    protected String timeLimit() {
        return "its time limit";
    }

    /**
     * Counts one event; true when the caller must run {@link #drain()} itself (no drain was
     * pending or running), false when the running one will go round again for it.
     */
    protected final boolean demand() {
        return demand.getAndIncrement() == 0;
    }

    @Override
    public void onWritePossible() {
        if (demand()) {
            drain();
        }
    }

    /**
     * Runs {@link #step()} until no event is left over. Whatever a round throws, the counter
     * comes down, so a failure can never leave later events waiting on a drain that is gone.
     */
    protected final void drain() {
        int missed = 1;
        while (true) {
            try {
                if (!over.get()) {
                    step();
                }
            } catch (ClientGone e) {
                LOG.log(Level.FINE, "a client of blob " + digest + " went away", e.getCause());
                finish();
            } catch (IOException e) {
                readFailed(e);
                abort("the blob could not be read: " + e.getMessage());
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

    /** Whether the response has ended (finished or aborted). */
    protected final boolean over() {
        return over.get();
    }

    /** Whether the client can take more now; when not, the container calls {@code onWritePossible} later. */
    protected final boolean ready() throws ClientGone {
        try {
            return out.isReady();
        } catch (RuntimeException e) {
            throw new ClientGone(new IOException(e));
        }
    }

    /** Writes {@code n} bytes of {@link #buffer}. */
    protected final void write(int n) throws ClientGone {
        try {
            out.write(buffer, 0, n);
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /** Breaks the connection: the client must see a failed transfer, not a short complete one. */
    protected final void abort(String reason) {
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

    /** Ends the response normally: the body is complete, or the client is gone. */
    protected final void finish() {
        if (over.compareAndSet(false, true)) {
            release();
            try {
                context.complete();
            } catch (IllegalStateException e) {
                // already completed by the container (timeout or error)
            }
        }
    }

    /** Idempotent: the source is released once, whoever ends the response first. */
    protected final void release() {
        if (released.compareAndSet(false, true)) {
            releaseSource();
        }
    }

    @Override
    public void onError(Throwable failure) {
        LOG.log(Level.FINE, "the client stream of blob " + digest + " failed", failure);
        finish();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        over.set(true);
        release();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        LOG.warning("a client's transfer of blob " + digest + " took longer than " + timeLimit() + " ("
                + context.getTimeout() + " ms); it is broken off");
        abort("the transfer took longer than its time limit");
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
    static final class ClientGone extends IOException {
        ClientGone(IOException cause) {
            super(cause);
        }
    }
}
