package dev.wharf.storage.driver.inmemory;

import dev.wharf.storage.driver.FileInfo;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A file's bytes as a list of chunks. Chunks grow with the file, from 4 KiB up to 1 MiB, so a
 * small file wastes little and a large one needs few chunks; appending never copies earlier
 * bytes. Every chunk but the last is full. Guarded by its own monitor.
 */
final class Content implements Node {
    private static final int MIN_CHUNK = 4 * 1024;
    private static final int MAX_CHUNK = 1024 * 1024;
    // The JDK's own limit for array sizes (ArraysSupport.SOFT_MAX_ARRAY_LENGTH).
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final List<byte[]> chunks = new ArrayList<>();
    private final List<Long> starts = new ArrayList<>();
    private int lastFill;
    private long size;
    private Instant modified = Instant.now();

    /** Content that takes ownership of {@code bytes}. */
    static Content of(byte[] bytes) {
        Content content = new Content();
        if (bytes.length > 0) {
            content.chunks.add(bytes);
            content.starts.add(0L);
            content.lastFill = bytes.length;
            content.size = bytes.length;
        }
        return content;
    }

    /** The number of bytes. */
    synchronized long size() {
        return size;
    }

    /** What {@code stat} tells of this file, found at {@code path}. */
    synchronized FileInfo info(String path) {
        return new FileInfo(path, size, modified, false);
    }

    /** Adds {@code length} bytes of {@code bytes} from {@code offset} at the end; copies nothing already here. */
    synchronized void append(byte[] bytes, int offset, int length) {
        while (length > 0) {
            if (chunks.isEmpty() || lastFill == chunks.get(chunks.size() - 1).length) {
                chunks.add(new byte[(int) Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, size))]);
                starts.add(size);
                lastFill = 0;
            }
            byte[] last = chunks.get(chunks.size() - 1);
            int n = Math.min(length, last.length - lastFill);
            System.arraycopy(bytes, offset, last, lastFill, n);
            lastFill += n;
            size += n;
            offset += n;
            length -= n;
        }
        modified = Instant.now();
    }

    /** Copies up to {@code length} bytes from {@code position}; -1 at the end, as InputStream.read. */
    synchronized int read(long position, byte[] bytes, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        int index = chunkAt(position);
        int copied = 0;
        while (copied < length && position < size) {
            byte[] chunk = chunks.get(index);
            int filled = index == chunks.size() - 1 ? lastFill : chunk.length;
            int within = (int) (position - starts.get(index));
            int n = Math.min(length - copied, filled - within);
            System.arraycopy(chunk, within, bytes, offset + copied, n);
            copied += n;
            position += n;
            index++;
        }
        return copied;
    }

    /** All the bytes, in one array; refused when no array can hold them ({@code path} names the file in the error). */
    synchronized byte[] toByteArray(String path) throws IOException {
        if (size > MAX_ARRAY) {
            throw new IOException("too large to read whole: " + path + " (" + size + " bytes)");
        }
        byte[] all = new byte[(int) size];
        read(0, all, 0, all.length);
        return all;
    }

    /** The index of the chunk holding byte {@code position}, which is below {@code size}. */
    private int chunkAt(long position) {
        int low = 0;
        int high = starts.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (starts.get(mid) <= position) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
