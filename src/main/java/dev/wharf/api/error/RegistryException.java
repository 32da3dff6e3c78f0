package dev.wharf.api.error;

import java.util.List;
import java.util.Map;

/**
 * A request failed in a way the client should hear about: carries one or more OCI errors (a
 * manifest push lists every missing blob) and, optionally, headers the response needs (a 416
 * on an upload tells the client where to resume with {@code Range} and {@code Location}).
 */
public class RegistryException extends RuntimeException {
    private final List<OciError> errors;
    private final Map<String, String> headers;

    public RegistryException(OciErrorCode code, Object detail) {
        this(List.of(new OciError(code, detail)), Map.of());
    }

    public RegistryException(List<OciError> errors, Map<String, String> headers) {
        super(errors.isEmpty() ? "no error" : errors.get(0).code().code() + ": " + errors.get(0).detail());
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a RegistryException needs at least one error");
        }
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    /** The same errors with an extra response header. */
    public RegistryException withHeader(String name, String value) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(headers);
        merged.put(name, value);
        return new RegistryException(errors, merged);
    }

    public List<OciError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The response status: the first error's. */
    public int status() {
        return errors.get(0).code().status();
    }
}
