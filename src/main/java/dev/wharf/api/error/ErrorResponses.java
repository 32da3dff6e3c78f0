package dev.wharf.api.error;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the OCI error body {@code {"errors":[{"code","message","detail"}]}} as a response. */
final class ErrorResponses {
    private ErrorResponses() {}

    static Response of(RegistryException exception) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (OciError error : exception.errors()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("code", error.code().code());
            entry.put("message", error.code().message());
            entry.put("detail", error.detail() == null ? "" : error.detail());
            errors.add(entry);
        }
        Response.ResponseBuilder response = Response.status(exception.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("errors", errors));
        exception.headers().forEach(response::header);
        return response.build();
    }

    static Response of(OciErrorCode code, Object detail) {
        return of(new RegistryException(code, detail));
    }
}
