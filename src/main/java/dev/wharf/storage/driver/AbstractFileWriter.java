package dev.wharf.storage.driver;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

/**
 * The life cycle every {@link FileWriter} follows, so that a driver's writer supplies only the
 * storage-specific steps.
 *
 * <p>A writer starts open. {@link #write} checks its arguments, then that the writer is open,
 * then hands the bytes to {@link #append} and counts them in {@link #size()}. {@link #commit()}
 * calls {@link #flushDurably()} and, only if that returns normally, marks the writer committed
 * (a failed flush leaves it open). {@link #cancel()} marks the writer cancelled first and then
 * calls {@link #discard()}, so a failed discard still leaves it cancelled. {@link #close()} is
 * idempotent: the first close of an open or committed writer marks it closed and then calls
 * {@link #release(boolean)}; closing a cancelled or closed writer does nothing. {@link #write},
 * {@link #commit()} and {@link #cancel()} on a writer that is no longer open throw {@link
 * IOException} naming the path and the state.
 *
 * <p>All of these run under the writer's monitor, as do the hooks; {@link #size()} takes it too,
 * so it may be read from any thread.
 */
public abstract class AbstractFileWriter implements FileWriter {

    private final String path;
    private long size;
    private State state = State.OPEN;

    /**
     * @param path the driver path written, for error messages
     * @param size bytes already in the file (non-zero for an appending writer)
     */
    protected AbstractFileWriter(String path, long size) {
        this.path = path;
        this.size = size;
    }

    /** The driver path this writer writes. */
    protected final String path() {
        return path;
    }

    /** Stores {@code length} bytes of {@code bytes} from {@code offset}; arguments are already checked. */
    protected abstract void append(byte[] bytes, int offset, int length) throws IOException;

    /** Makes everything appended durable; called by {@link #commit()} while still open. */
    protected abstract void flushDurably() throws IOException;

    /** Removes the file; called once by {@link #cancel()}, after the writer is marked cancelled. */
    protected abstract void discard() throws IOException;

    /**
     * Frees what the writer holds; called once, by the first {@link #close()} of a writer that was
     * not cancelled, after it is marked closed.
     *
     * @param committed true after a {@link #commit()}; false when closed with neither commit nor
     *     cancel, in which case what was written must be kept so that an appending writer can go on
     */
    protected abstract void release(boolean committed) throws IOException;

    @Override
    public final synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        requireOpen();
        append(bytes, offset, length);
        size += length;
    }

    @Override
    public final synchronized long size() {
        return size;
    }

    @Override
    public final synchronized void commit() throws IOException {
        requireOpen();
        flushDurably();
        state = State.COMMITTED;
    }

    @Override
    public final synchronized void cancel() throws IOException {
        requireOpen();
        state = State.CANCELLED;
        discard();
    }

    @Override
    public final synchronized void close() throws IOException {
        if (state == State.OPEN || state == State.COMMITTED) {
            boolean committed = state == State.COMMITTED;
            state = State.CLOSED;
            release(committed);
        }
    }

    private void requireOpen() throws IOException {
        if (state != State.OPEN) {
            throw new IOException("writer for " + path + " is already " + state.name().toLowerCase(Locale.ROOT));
        }
    }

    private enum State {
        OPEN,
        COMMITTED,
        CANCELLED,
        CLOSED
    }
}
