package dev.wharf.domain;

/**
 * The byte range of an upload chunk, from {@code Content-Range: <start>-<end>} (inclusive).
 */
public record ContentRange(long start, long end) {
    public ContentRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid range " + start + "-" + end);
        }
    }

    /** Bytes the range covers. */
    public long length() {
        return end - start + 1;
    }
}
