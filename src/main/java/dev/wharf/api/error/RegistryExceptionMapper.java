package dev.wharf.api.error;

import dev.wharf.error.RegistryException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Writes a {@link RegistryException} as its OCI error body and status. Subclasses that need
 * headers have mappers of their own, which Jersey prefers (the nearest superclass wins).
 */
@Provider
public class RegistryExceptionMapper implements ExceptionMapper<RegistryException> {
    @Override
    public Response toResponse(RegistryException exception) {
        return OciErrorWriter.response(exception).build();
    }
}
