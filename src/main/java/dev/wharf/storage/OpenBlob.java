package dev.wharf.storage;

import dev.wharf.domain.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob opened for reading: its size comes from the same lookup that opened it, so a response
 * can set its headers and stream the bytes without asking storage twice (and without a window in
 * which the blob is found by one call and gone for the next).
 */
public interface OpenBlob extends Closeable {

    /** The blob's digest. */
    Digest digest();

    /** The blob's size in bytes. */
    long size();

    /**
     * The bytes from {@code offset} to the end. Call at most once; closing the returned stream
     * or this object releases the file.
     */
    InputStream stream(long offset) throws IOException;

    /** The digest and size, as a value. */
    default BlobInfo info() {
        return new BlobInfo(digest(), size());
    }
}
