package dev.wharf.upstream;

/** The upstream registry could not answer a request usefully. Messages never carry credentials. */
public class UpstreamException extends Exception {

    /** Why, as far as the caller's choice goes. */
    public enum Kind {
        /** Unreachable, timed out, 5xx, 429: the caller may serve what it has cached. */
        UNAVAILABLE,
        /** The upstream refused our credentials (401/403 after authenticating). */
        DENIED,
        /** The upstream answered something we cannot use (a malformed or oversized body, an unexpected status). */
        INVALID
    }

    private final Kind kind;

    public UpstreamException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public UpstreamException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
