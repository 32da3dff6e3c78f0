package dev.wharf.api.error;

import dev.wharf.error.OciError;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives Jersey's own errors (no route, method not allowed, unsupported Content-Type, bad
 * query parameter) an OCI error body instead of an HTML page, so every client sees JSON.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        OciErrorCode code = switch (status) {
            case 404 -> OciErrorCode.ROUTE_UNKNOWN;
            case 405 -> OciErrorCode.UNSUPPORTED;
            case 406 -> OciErrorCode.NOT_ACCEPTABLE;
            case 415 -> OciErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 413 -> OciErrorCode.SIZE_INVALID;
            default -> status >= 500 ? OciErrorCode.UNKNOWN : OciErrorCode.UNSUPPORTED;
        };
        Response response = OciErrorWriter.response(code, exception.getMessage()).build();
        if (response.getStatus() == status) {
            return withAllow(response, original);
        }
        // Keep Jersey's status (for example 400 for a malformed query parameter).
        return withAllow(Response.fromResponse(response).status(status).build(), original);
    }

    private static Response withAllow(Response response, Response original) {
        String allow = original.getHeaderString("Allow");
        return allow == null ? response : Response.fromResponse(response).header("Allow", allow).build();
    }
}
