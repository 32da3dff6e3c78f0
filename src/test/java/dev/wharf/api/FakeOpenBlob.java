package dev.wharf.api;

import dev.wharf.domain.Digest;
import dev.wharf.storage.OpenBlob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A stored blob, opened: its size is the size it had when opened; {@link #shortBy} makes the
 * file end early (damaged under the reader), and {@link #closed} says whether it was released.
 */
final class FakeOpenBlob implements OpenBlob {
    private final byte[] content;
    private final Digest digest;
    int shortBy;
    volatile boolean closed;
    volatile int streams;

    FakeOpenBlob(byte[] content) {
        this.content = content;
        this.digest = Digest.sha256Of(content);
    }

    @Override
    public Digest digest() {
        return digest;
    }

    @Override
    public long size() {
        return content.length;
    }

    @Override
    public InputStream stream(long offset) throws IOException {
        if (closed) {
            throw new IllegalStateException("streamed after close");
        }
        streams++;
        byte[] left = Arrays.copyOfRange(content, (int) offset, content.length - shortBy);
        return new ByteArrayInputStream(left);
    }

    @Override
    public void close() {
        closed = true;
    }
}
