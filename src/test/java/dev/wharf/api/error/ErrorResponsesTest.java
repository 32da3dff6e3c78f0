package dev.wharf.api.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {
    @Test
    void writesEveryErrorWithCodeMessageAndDetail() {
        RegistryException exception = new RegistryException(List.of(
                new OciError(OciErrorCode.MANIFEST_BLOB_UNKNOWN, Map.of("digest", "sha256:a")),
                new OciError(OciErrorCode.MANIFEST_BLOB_UNKNOWN, Map.of("digest", "sha256:b"))), Map.of("Range", "0-9"));
        Response response = ErrorResponses.of(exception);
        assertEquals(400, response.getStatus());
        assertEquals("0-9", response.getHeaderString("Range"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) ((Map<String, Object>) response.getEntity()).get("errors");
        assertEquals(2, errors.size());
        assertEquals("MANIFEST_BLOB_UNKNOWN", errors.get(0).get("code"));
        assertEquals(OciErrorCode.MANIFEST_BLOB_UNKNOWN.message(), errors.get(0).get("message"));
        assertEquals(Map.of("digest", "sha256:b"), errors.get(1).get("detail"));
    }

    @Test
    void authAndRateLimitCodesAnswerWithTheirStatus() {
        for (OciErrorCode code : List.of(OciErrorCode.UNAUTHORIZED, OciErrorCode.DENIED, OciErrorCode.TOOMANYREQUESTS)) {
            Response response = ErrorResponses.of(code, "why");
            assertEquals(code.status(), response.getStatus());
        }
    }

    @Test
    void invalidValuesMapToTheirCodes() {
        assertEquals(OciErrorCode.NAME_INVALID, InvalidValueMapper.codeFor(dev.wharf.domain.InvalidValueException.Kind.NAME));
        assertEquals(OciErrorCode.DIGEST_INVALID, InvalidValueMapper.codeFor(dev.wharf.domain.InvalidValueException.Kind.DIGEST));
        assertEquals(OciErrorCode.TAG_INVALID, InvalidValueMapper.codeFor(dev.wharf.domain.InvalidValueException.Kind.TAG));
        assertEquals(OciErrorCode.MANIFEST_INVALID, InvalidValueMapper.codeFor(dev.wharf.domain.InvalidValueException.Kind.MANIFEST));
        assertEquals(OciErrorCode.BLOB_UPLOAD_UNKNOWN, InvalidValueMapper.codeFor(dev.wharf.domain.InvalidValueException.Kind.UPLOAD_ID));
    }
}
