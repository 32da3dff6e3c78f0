package dev.wharf.api;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Non-blocking servlet output as Tomcat behaves: after {@code setWriteListener} and whenever
 * {@link #isReady()} said false and the client can take more again, {@code onWritePossible} is
 * queued on the context's container tasks. {@link #capacity} bytes are accepted before the
 * client is "slow".
 */
final class FakeOutput extends ServletOutputStream {
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    FakeAsyncContext context;
    WriteListener listener;
    volatile long capacity = Long.MAX_VALUE;
    volatile boolean broken;
    volatile Thread lastWriter;
    private boolean owed;

    @Override
    public synchronized boolean isReady() {
        boolean ready = body.size() < capacity;
        if (!ready) {
            owed = true;
        }
        return ready;
    }

    /** The client reads: more capacity, and the owed {@code onWritePossible}. */
    synchronized void drain(long more) {
        capacity = body.size() + more;
        if (owed) {
            owed = false;
            queueWritePossible();
        }
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        listener = writeListener;
        queueWritePossible();
    }

    private void queueWritePossible() {
        context.queue(() -> {
            try {
                listener.onWritePossible();
            } catch (IOException e) {
                listener.onError(e);
            }
        });
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] buffer, int offset, int length) throws IOException {
        if (broken) {
            throw new IOException("client went away (fake)");
        }
        lastWriter = Thread.currentThread();
        body.write(buffer, offset, length);
    }

    synchronized byte[] bytes() {
        return body.toByteArray();
    }
}
