package dev.wharf.domain;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An upload session's id: a random UUID. Ids from requests are checked against that shape, so
 * they are safe as path components.
 */
public record UploadId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public UploadId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidValueException(InvalidValueException.Kind.UPLOAD_ID,
                    "unknown upload id '" + Digest.abbreviate(value) + "'");
        }
    }

    public static UploadId random() {
        return new UploadId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
