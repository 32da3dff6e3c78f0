package dev.wharf.storage.driver;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Streams bytes into one file of a {@link StorageDriver}, as distribution's {@code FileWriter}.
 *
 * <p>Life cycle: write, then exactly one of {@link #commit()} (the bytes are durable and
 * readable at the path) or {@link #cancel()} (the file is removed), then {@link #close()}.
 * Closing without either keeps what was written so far, so that a later writer opened with
 * {@code append} can go on (a chunked upload spans several HTTP requests). {@link #write},
 * {@link #commit()} and {@link #cancel()} after a commit, a cancel or a close throw {@link
 * IOException}. A writer is meant for one thread at a time; {@link #size()} may be read from any.
 */
public interface FileWriter extends Closeable {

    /** Appends bytes. */
    void write(byte[] bytes, int offset, int length) throws IOException;

    /** Bytes in the file so far, including those present before an appending writer opened. */
    long size();

    /** Makes everything written durable (fsync on disk). No writes may follow. */
    void commit() throws IOException;

    /** Discards the file. No writes may follow. */
    void cancel() throws IOException;

    /** Releases the writer; see the life cycle above. Idempotent. */
    @Override
    void close() throws IOException;

    /** A view of this writer as an {@link OutputStream}; closing the stream does not close the writer. */
    default OutputStream asOutputStream() {
        FileWriter writer = this;
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                writer.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writer.write(b, off, len);
            }
        };
    }
}
