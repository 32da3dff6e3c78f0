package dev.wharf.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single range of a {@code Range: bytes=…} request header, resolved against the blob's size.
 *
 * @param first first byte served
 * @param last last byte served, inclusive
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value for this range of a blob of {@code size} bytes. */
    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** What a Range header asks of a blob. */
    sealed interface Request permits Whole, Partial, Unsatisfiable {}

    /** No usable Range header (absent, malformed, or several ranges): serve everything with 200. */
    record Whole() implements Request {}

    /** Serve this range with 206. */
    record Partial(ByteRange range) implements Request {}

    /** A well-formed range that lies outside the blob: 416. */
    record Unsatisfiable() implements Request {}

    /**
     * Reads a {@code Range} header against a blob of {@code size} bytes, as RFC 9110 says: a
     * header the server does not understand is ignored, one outside the content is unsatisfiable.
     */
    static Request parse(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        Matcher matcher = SINGLE.matcher(header.trim());
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            return new Whole();
        }
        Optional<Long> start = number(matcher.group(1));
        Optional<Long> end = number(matcher.group(2));
        if ((!matcher.group(1).isEmpty() && start.isEmpty()) || (!matcher.group(2).isEmpty() && end.isEmpty())) {
            return new Whole(); // a number too large for a long: not a range we understand
        }
        if (start.isEmpty()) {
            long suffix = end.get();
            if (suffix == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Partial(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long first = start.get();
        if (end.isPresent() && end.get() < first) {
            return new Whole();
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        long last = end.map(value -> Math.min(value, size - 1)).orElse(size - 1);
        return new Partial(new ByteRange(first, last));
    }

    private static Optional<Long> number(String digits) {
        if (digits.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
