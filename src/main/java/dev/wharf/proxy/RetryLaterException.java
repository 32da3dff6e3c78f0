package dev.wharf.proxy;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import java.time.Duration;
import java.util.Map;

/**
 * The mirror cannot start another upstream transfer right now ({@code UNAVAILABLE}); the client
 * should try again after {@link #retryAfter()}, which the API sends as {@code Retry-After}.
 */
public final class RetryLaterException extends RegistryException {
    private final Duration retryAfter;

    public RetryLaterException(String reason, Duration retryAfter) {
        super(OciErrorCode.UNAVAILABLE, Map.of("reason", reason));
        this.retryAfter = retryAfter;
    }

    /** How long the client should wait before asking again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
