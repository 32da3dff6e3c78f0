package dev.wharf.error;

import java.util.List;

/**
 * A request failed in a way the client should hear about. Carries one or more OCI errors (a
 * manifest push lists every missing blob) and nothing of HTTP: any layer may raise it, and only
 * the API turns it into a status, headers and an error body. Errors that need more than a code
 * and a detail to be answered (an upload chunk out of order must tell the client where to resume)
 * are subclasses with typed fields, which the API maps on their own.
 */
public class RegistryException extends RuntimeException {
    private final List<OciError> errors;

    public RegistryException(OciErrorCode code, Object detail) {
        this(List.of(new OciError(code, detail)));
    }

    public RegistryException(List<OciError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    private static String summary(List<OciError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a RegistryException needs at least one error");
        }
        return errors.get(0).code().code() + ": " + errors.get(0).detail();
    }

    /** The errors, in the order the client should read them. */
    public List<OciError> errors() {
        return errors;
    }

    /** The first error's code, which decides the response status. */
    public OciErrorCode code() {
        return errors.get(0).code();
    }
}
