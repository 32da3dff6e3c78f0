package dev.wharf.api;

import dev.wharf.api.error.OciErrorWriter;
import dev.wharf.error.RegistryException;
import dev.wharf.error.OciErrorCode;
import dev.wharf.domain.Digest;
import dev.wharf.domain.MediaTypes;
import dev.wharf.proxy.Fill;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Streams one blob to one client from a {@link Fill} as it grows, with non-blocking servlet
 * output: no thread waits for the upstream or for a slow client.
 *
 * <p>Two kinds of event drive {@link #pump()}: the container's {@code onWritePossible} (the client
 * can take more) and the fill's progress (more bytes, or the end). They arrive on different
 * threads; a drain loop lets one run at a time and makes it go round again for every event that
 * arrived meanwhile, so no event is lost. Every {@code isReady()} that
 * answers false is followed by an {@code onWritePossible}, so waiting for the client needs no
 * registration; waiting for the fill is the listener.
 *
 * <p>A fill that fails after the headers went out cannot be turned into an error status. The
 * transfer must break visibly instead of ending short and looking complete: the request is
 * dispatched back to {@link BlobFillFilter}, which throws, and the container closes the
 * connection mid-body.
 */
final class FillResponder implements WriteListener, AsyncListener {
    private static final Logger LOG = Logger.getLogger(FillResponder.class.getName());
    static final String ABORT_ATTRIBUTE = "dev.wharf.fill.abort";
    private static final int CHUNK = 64 * 1024;

    private final AsyncContext context;
    private final Fill fill;
    private final Digest digest;
    private final Runnable onFillEvent = this::onFillEvent;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger demand = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean writing;
    private final byte[] buffer = new byte[CHUNK];
    private ServletOutputStream out;
    private InputStream spool;
    private long sent;

    FillResponder(AsyncContext context, Fill fill, Digest digest) {
        this.context = context;
        this.fill = fill;
        this.digest = digest;
    }

    void start() {
        context.addListener(this);
        fill.addListener(onFillEvent);
        onFillEvent();
    }

    private void onFillEvent() {
        if (writing) {
            pump();
            return;
        }
        Fill.Status status = fill.status();
        if (status == Fill.Status.STARTING || !started.compareAndSet(false, true)) {
            return;
        }
        HttpServletResponse response = (HttpServletResponse) context.getResponse();
        switch (status) {
            case NOT_FOUND -> error(response, OciErrorCode.BLOB_UNKNOWN, Map.of("digest", digest.toString(),
                    "reason", "neither cached nor in the upstream registry"));
            case FAILED -> error(response, OciErrorCode.UNAVAILABLE, Map.of("digest", digest.toString(),
                    "reason", "fetching the blob from the upstream registry failed: " + fill.failure()));
            default -> beginBody(response);
        }
    }

    private void beginBody(HttpServletResponse response) {
        response.setStatus(200);
        response.setContentType(MediaTypes.OCTET_STREAM);
        response.setHeader("Docker-Content-Digest", digest.toString());
        response.setHeader("ETag", "\"" + digest + "\"");
        response.setHeader("Docker-Distribution-API-Version", "registry/2.0");
        if (fill.size() >= 0) {
            response.setContentLengthLong(fill.size());
        }
        try {
            out = response.getOutputStream();
        } catch (IOException e) {
            finish();
            return;
        }
        // From here the container calls onWritePossible (at once, then whenever the client can take
        // more); fill events pump too, but only once the listener is set, as isReady() requires.
        out.setWriteListener(this);
        writing = true;
        // A fill event that arrived between the listener and the flag found writing false and
        // was dropped; pumping once more picks up whatever it announced.
        pump();
    }

    @Override
    public void onWritePossible() throws IOException {
        pump();
    }

    /**
     * Runs the pump loop on whichever thread asks first; asks that arrive meanwhile are counted
     * in {@code demand} and make that thread go round again (the drain loop of reactive
     * libraries), so an event can never slip in between "nothing to do" and "stopped running"
     * and be lost — a lost final event would leave the client waiting for its last byte.
     */
    private void pump() {
        if (demand.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        while (true) {
            try {
                if (!finished.get()) {
                    pumpOnce();
                }
            } catch (IOException e) {
                // The client went away or the spool broke: this response is over, the fill goes on.
                LOG.log(Level.FINE, "stopped streaming " + digest + " to a client", e);
                finish();
            }
            missed = demand.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** Writes what it can; false when the response is over. */
    private boolean pumpOnce() throws IOException {
        while (!finished.get() && out.isReady()) {
            long ready = fill.readable() - sent;
            if (ready > 0) {
                if (spool == null) {
                    spool = fill.open(sent);
                }
                int n = spool.read(buffer, 0, (int) Math.min(buffer.length, ready));
                if (n < 0) {
                    throw new IOException("the spool of " + digest + " ended early");
                }
                out.write(buffer, 0, n);
                sent += n;
                continue;
            }
            Fill.Status status = fill.status();
            if (status == Fill.Status.COMMITTED && sent == fill.available()) {
                finish();
                return false;
            }
            if (status == Fill.Status.FAILED || status == Fill.Status.NOT_FOUND) {
                abort();
                return false;
            }
            return true; // caught up with the fill: its next progress event pumps again
        }
        return !finished.get();
    }

    private void error(HttpServletResponse response, OciErrorCode code, Object detail) {
        try {
            response.setHeader("Docker-Distribution-API-Version", "registry/2.0");
            OciErrorWriter.write(response, new RegistryException(code, detail));
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not send an error for " + digest + " to a client that went away", e);
        }
        finish();
    }

    private void abort() {
        if (finished.compareAndSet(false, true)) {
            cleanup();
            context.getRequest().setAttribute(ABORT_ATTRIBUTE, fill.failure());
            context.dispatch();
        }
    }

    private void finish() {
        if (finished.compareAndSet(false, true)) {
            cleanup();
            try {
                context.complete();
            } catch (IllegalStateException e) {
                // already completed by the container (timeout or error)
            }
        }
    }

    private void cleanup() {
        fill.removeListener(onFillEvent);
        if (spool != null) {
            try {
                spool.close();
            } catch (IOException e) {
                // nothing more to read from it
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        LOG.log(Level.FINE, "client stream of " + digest + " failed; the fill continues", failure);
        finish();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        fill.removeListener(onFillEvent);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        LOG.warning("a client waited longer than proxy.filltimeout for blob " + digest + "; closing its response");
        abort();
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not re-started
    }
}
