package dev.wharf.storage.driver.inmemory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** Streams a file's content from a position; sees bytes appended after it opened, as a file would. */
final class ContentStream extends InputStream {
    private final Content content;
    private long position;
    private boolean closed;

    /** A stream of {@code content} from byte {@code position}. */
    ContentStream(Content content, long position) {
        this.content = content;
        this.position = position;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureOpen();
        int n = content.read(position, bytes, offset, length);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        ensureOpen();
        long skipped = Math.max(0, Math.min(n, content.size() - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        ensureOpen();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, content.size() - position));
    }

    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }
}
