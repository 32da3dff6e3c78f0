package dev.wharf.domain;

/**
 * A value from a request that breaks its grammar: a repository name, tag, digest or manifest.
 * The API layer turns it into the matching OCI error; the domain itself knows nothing of HTTP.
 */
public class InvalidValueException extends IllegalArgumentException {

    /** What kind of value was invalid; decides the OCI error code. */
    public enum Kind {
        NAME,
        TAG,
        DIGEST,
        MANIFEST,
        UPLOAD_ID
    }

    private final Kind kind;

    public InvalidValueException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
