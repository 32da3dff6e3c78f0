package dev.wharf.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * A blocking view of a {@link Fill} from an offset: reads what has been spooled, waits for more,
 * ends when the fill has committed and everything is read, and fails when the fill fails — so a
 * reader gets the exact bytes or an error, never a silently short blob. Closing it closes the fill handle. For callers that hold a
 * thread anyway (JAX-RS streaming); the async servlet path does not use it.
 */
final class FillInputStream extends InputStream {
    private final Fill fill;
    private final Object signal = new Object();
    private final Runnable wake = this::wake;
    private InputStream spool;
    private long position;

    FillInputStream(Fill fill, long offset) {
        this.fill = fill;
        this.position = offset;
        fill.addListener(wake);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            // Status first: read after readable(), a commit in between would end the stream one byte short.
            Fill.Status status = fill.status();
            long ready = fill.readable() - position;
            if (ready > 0) {
                // Read outside the monitor: the fill's thread takes it to wake us and must never wait for our I/O.
                if (spool == null) {
                    spool = fill.open(position);
                }
                int n = spool.read(buffer, offset, (int) Math.min(length, ready));
                if (n < 0) {
                    throw new IOException("the spool of " + fill + " ended before the bytes it announced");
                }
                position += n;
                return n;
            }
            switch (status) {
                case COMMITTED:
                    return -1;
                case FAILED:
                case NOT_FOUND:
                    throw new IOException("the upstream transfer failed: "
                            + fill.failure().map(RuntimeException::getMessage).orElse("unknown"));
                default:
                    awaitProgress(status);
            }
        }
    }

    private void awaitProgress(Fill.Status seen) throws InterruptedIOException {
        synchronized (signal) {
            // Re-checked under the monitor that wake() takes, so a wake-up between the look and the wait is not lost.
            if (fill.status() != seen || fill.readable() > position) {
                return;
            }
            try {
                signal.wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the upstream transfer");
            }
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    @Override
    public void close() throws IOException {
        fill.removeListener(wake);
        try {
            if (spool != null) {
                spool.close();
            }
        } finally {
            fill.close();
        }
    }
}
