package dev.wharf.storage.driver.inmemory;

import dev.wharf.storage.driver.OpenFile;
import java.io.IOException;
import java.io.InputStream;

/** An opened file: holds its content object, so replacing the file later changes nothing here. */
final class MemoryOpenFile implements OpenFile {
    private final String path;
    private final Content content;
    private final long size;
    private boolean used;
    private InputStream stream;

    /** {@code content}, opened at {@code path} when it held {@code size} bytes. */
    MemoryOpenFile(String path, Content content, long size) {
        this.path = path;
        this.content = content;
        this.size = size;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public synchronized InputStream stream(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + path);
        }
        if (used) {
            throw new IllegalStateException("already streamed or closed: " + path);
        }
        used = true;
        // Past the end at streaming stays empty, as on disk; at the very end the stream is live.
        stream = offset > content.size() ? InputStream.nullInputStream() : new ContentStream(content, offset);
        return stream;
    }

    @Override
    public synchronized void close() throws IOException {
        // Nothing is held in memory, but the stream ends and stream() is refused, as on disk.
        used = true;
        if (stream != null) {
            stream.close();
        }
    }
}
