package dev.wharf.api;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.ContentRange;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code Content-Range} of an upload chunk: {@code <start>-<end>}, or the RFC form {@code bytes <start>-<end>/<total>}. */
final class UploadRanges {
    private static final Pattern RANGE = Pattern.compile("(?:bytes )?(\\d{1,18})-(\\d{1,18})(?:/(?:\\d{1,18}|\\*))?");

    private UploadRanges() {}

    static Optional<ContentRange> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher matcher = RANGE.matcher(header.trim());
        if (!matcher.matches()) {
            throw malformed(header);
        }
        long start = Long.parseLong(matcher.group(1));
        long end = Long.parseLong(matcher.group(2));
        if (end < start) {
            throw malformed(header);
        }
        return Optional.of(new ContentRange(start, end));
    }

    private static RegistryException malformed(String header) {
        return new RegistryException(OciErrorCode.BLOB_UPLOAD_RANGE_INVALID,
                "malformed Content-Range '" + header + "': expected <start>-<end>, for example 0-1023");
    }
}
