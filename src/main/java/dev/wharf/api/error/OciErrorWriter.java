package dev.wharf.api.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.error.OciError;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one writer of the OCI error body {@code {"errors":[{"code","message","detail"}]}}: for
 * JAX-RS responses (the exception mappers) and for the servlet that streams blobs, so that both
 * answer an error the same way.
 */
public final class OciErrorWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OciErrorWriter() {}

    /** A response with the exception's status and body, to which a mapper may add headers. */
    public static Response.ResponseBuilder response(RegistryException exception) {
        return Response.status(exception.code().status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body(exception));
    }

    /** {@link #response(RegistryException)} for one error. */
    public static Response.ResponseBuilder response(OciErrorCode code, Object detail) {
        return response(new RegistryException(code, detail));
    }

    /**
     * Writes the error to a servlet response whose headers have not gone out yet (the blob path,
     * which answers outside JAX-RS).
     */
    public static void write(HttpServletResponse response, RegistryException exception) throws IOException {
        byte[] json = json(exception);
        response.setStatus(exception.code().status());
        response.setContentType(MediaType.APPLICATION_JSON);
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    /** The body as JSON bytes. */
    public static byte[] json(RegistryException exception) {
        try {
            return JSON.writeValueAsBytes(body(exception));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error body", e);
        }
    }

    private static Map<String, Object> body(RegistryException exception) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (OciError error : exception.errors()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("code", error.code().code());
            entry.put("message", error.code().message());
            entry.put("detail", error.detail() == null ? "" : error.detail());
            errors.add(entry);
        }
        return Map.of("errors", errors);
    }
}
