package dev.wharf.api.error;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link RegistryException} as its OCI error body and status. A {@code Location} that
 * the services give as a registry path ({@code /v2/…}, they know no URLs) is resolved against
 * the request's base URL, so it carries the context path the WAR is deployed at.
 */
@Provider
public class RegistryExceptionMapper implements ExceptionMapper<RegistryException> {
    @Context
    private UriInfo request;

    @Override
    public Response toResponse(RegistryException exception) {
        String location = exception.headers().get("Location");
        if (location == null || !location.startsWith("/v2/")) {
            return ErrorResponses.of(exception);
        }
        Map<String, String> headers = new LinkedHashMap<>(exception.headers());
        headers.put("Location", request.getBaseUri().resolve(location.substring(1)).toString());
        return ErrorResponses.of(new RegistryException(exception.errors(), headers));
    }
}
