package dev.wharf.storage.driver;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A file opened by {@link StorageDriver#open}: its size and its bytes come from the one lookup,
 * so a caller that needs both (a blob response: headers first, then the body) asks storage once,
 * and never finds the file with one call and misses it with the next.
 */
public interface OpenFile extends Closeable {

    /** The path the file was opened at. */
    String path();

    /** The file's size in bytes when it was opened. */
    long size();

    /**
     * Streams the file from byte {@code offset}; an offset at or past the end gives an empty
     * stream. Call at most once: the stream owns the open file, and closing it (or this object)
     * releases the file.
     *
     * @throws IllegalArgumentException if {@code offset} is negative
     * @throws IllegalStateException if called a second time, or after {@link #close()}
     */
    InputStream stream(long offset) throws IOException;

    /** Releases the file; closes the stream if one was taken. Calling it again does nothing. */
    @Override
    void close() throws IOException;
}
