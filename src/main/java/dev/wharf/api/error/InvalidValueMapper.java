package dev.wharf.api.error;

import dev.wharf.error.OciError;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.InvalidValueException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Turns a value that broke its grammar (name, tag, digest, manifest, upload id) into the OCI
 * error the spec names for it. The domain message says what was wrong and goes in {@code detail}.
 */
@Provider
public class InvalidValueMapper implements ExceptionMapper<InvalidValueException> {
    @Override
    public Response toResponse(InvalidValueException exception) {
        return OciErrorWriter.response(codeFor(exception.kind()), exception.getMessage()).build();
    }

    static OciErrorCode codeFor(InvalidValueException.Kind kind) {
        return switch (kind) {
            case NAME -> OciErrorCode.NAME_INVALID;
            case TAG -> OciErrorCode.TAG_INVALID;
            case DIGEST -> OciErrorCode.DIGEST_INVALID;
            case MANIFEST -> OciErrorCode.MANIFEST_INVALID;
            // An id that could never have been issued is as unknown as an expired one.
            case UPLOAD_ID -> OciErrorCode.BLOB_UPLOAD_UNKNOWN;
        };
    }
}
