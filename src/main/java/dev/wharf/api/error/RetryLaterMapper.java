package dev.wharf.api.error;

import dev.wharf.proxy.RetryLaterException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** {@code 503 UNAVAILABLE} with {@code Retry-After}, when the mirror cannot start an upstream transfer now. */
@Provider
public class RetryLaterMapper implements ExceptionMapper<RetryLaterException> {
    @Override
    public Response toResponse(RetryLaterException exception) {
        return OciErrorWriter.response(exception)
                .header("Retry-After", Math.max(1, exception.retryAfter().toSeconds()))
                .build();
    }
}
