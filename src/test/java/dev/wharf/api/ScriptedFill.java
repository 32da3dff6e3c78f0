package dev.wharf.api;

import dev.wharf.error.RegistryException;
import dev.wharf.proxy.Fill;
import java.util.Optional;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fill the test drives: bytes arrive when it says, and its spool can break. */
final class ScriptedFill implements Fill {
    final byte[] content;
    final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    volatile Status status = Status.STARTING;
    volatile long size = -1;
    volatile long available;
    volatile RegistryException failure;
    volatile boolean closed;
    /** Thrown by {@link #open} when set (a spool deleted under a reader, a bug). */
    volatile Exception openFailure;
    volatile boolean spoolClosed;
    volatile int opened;

    ScriptedFill(byte[] content) {
        this.content = content;
    }

    void streaming(long announced) {
        size = announced;
        status = Status.STREAMING;
        fire();
    }

    void arrive(long total) {
        available = total;
        fire();
    }

    void commit() {
        available = content.length;
        status = Status.COMMITTED;
        fire();
    }

    void fail(RegistryException reason) {
        failure = reason;
        status = Status.FAILED;
        fire();
    }

    void fire() {
        listeners.forEach(Runnable::run);
    }

    @Override
    public Status status() {
        return status;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long available() {
        return available;
    }

    @Override
    public Optional<RegistryException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public InputStream open(long offset) throws IOException {
        Exception failure = openFailure;
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        opened++;
        ByteArrayInputStream in = new ByteArrayInputStream(content);
        in.skipNBytes(offset);
        return new FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                spoolClosed = true;
                super.close();
            }
        };
    }

    @Override
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }
}
