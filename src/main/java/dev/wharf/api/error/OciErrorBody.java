package dev.wharf.api.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/** The OCI error body as JSON text, for code that answers outside JAX-RS (the async blob path). */
public final class OciErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OciErrorBody() {}

    /** {@code {"errors":[{"code","message","detail"}]}} for one error. */
    public static String json(OciErrorCode code, Object detail) {
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("code", code.code());
        error.put("message", code.message());
        error.put("detail", detail == null ? "" : detail);
        try {
            return JSON.writeValueAsString(Map.of("errors", List.of(error)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error body", e);
        }
    }
}
