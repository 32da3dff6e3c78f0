package dev.wharf.api.error;

import dev.wharf.api.UploadHeaders;
import dev.wharf.storage.UploadOutOfOrderException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A refused upload chunk: {@code 416 BLOB_UPLOAD_INVALID} with the upload's {@code Range} and
 * {@code Location}, built like every other upload answer (so on {@code http.host} or as a relative
 * URL when configured), for the client to resume from.
 */
@ApplicationScoped
@Provider
public class UploadOutOfOrderMapper implements ExceptionMapper<UploadOutOfOrderException> {
    private final UploadHeaders headers;
    @Context
    private UriInfo request;

    @Inject
    public UploadOutOfOrderMapper(UploadHeaders headers) {
        this.headers = headers;
    }

    /** For tests: a request context given directly. */
    UploadOutOfOrderMapper(UploadHeaders headers, UriInfo request) {
        this.headers = headers;
        this.request = request;
    }

    @Override
    public Response toResponse(UploadOutOfOrderException exception) {
        return headers.add(OciErrorWriter.response(exception), exception.repository(), exception.upload(), request).build();
    }
}
