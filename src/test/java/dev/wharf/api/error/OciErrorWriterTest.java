package dev.wharf.api.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.domain.InvalidValueException;
import dev.wharf.error.OciError;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OciErrorWriterTest {
    private static final RegistryException TWO_MISSING = new RegistryException(List.of(
            new OciError(OciErrorCode.MANIFEST_BLOB_UNKNOWN, Map.of("digest", "sha256:a")),
            new OciError(OciErrorCode.MANIFEST_BLOB_UNKNOWN, Map.of("digest", "sha256:b"))));

    @Test
    void writesEveryErrorWithCodeMessageAndDetail() {
        Response response = OciErrorWriter.response(TWO_MISSING).build();
        assertEquals(400, response.getStatus());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) ((Map<String, Object>) response.getEntity()).get("errors");
        assertEquals(2, errors.size());
        assertEquals("MANIFEST_BLOB_UNKNOWN", errors.get(0).get("code"));
        assertEquals(OciErrorCode.MANIFEST_BLOB_UNKNOWN.message(), errors.get(0).get("message"));
        assertEquals(Map.of("digest", "sha256:b"), errors.get(1).get("detail"));
    }

    @Test
    void theJsonBytesAreTheSameBodyAsTheResponseEntity() throws IOException {
        JsonNode json = new ObjectMapper().readTree(OciErrorWriter.json(TWO_MISSING));
        assertEquals(new ObjectMapper().valueToTree(OciErrorWriter.response(TWO_MISSING).build().getEntity()), json);
        assertEquals("sha256:b", json.at("/errors/1/detail/digest").asText());
    }

    @Test
    void aMissingDetailIsAnEmptyString() throws IOException {
        JsonNode json = new ObjectMapper().readTree(OciErrorWriter.json(new RegistryException(OciErrorCode.UNKNOWN, null)));
        assertEquals("", json.at("/errors/0/detail").asText("absent"));
    }

    @Test
    void authAndRateLimitCodesAnswerWithTheirStatus() {
        for (OciErrorCode code : List.of(OciErrorCode.UNAUTHORIZED, OciErrorCode.DENIED, OciErrorCode.TOOMANYREQUESTS)) {
            Response response = OciErrorWriter.response(code, "why").build();
            assertEquals(code.status(), response.getStatus());
        }
    }

    @Test
    void invalidValuesMapToTheirCodes() {
        assertEquals(OciErrorCode.NAME_INVALID, InvalidValueMapper.codeFor(InvalidValueException.Kind.NAME));
        assertEquals(OciErrorCode.DIGEST_INVALID, InvalidValueMapper.codeFor(InvalidValueException.Kind.DIGEST));
        assertEquals(OciErrorCode.TAG_INVALID, InvalidValueMapper.codeFor(InvalidValueException.Kind.TAG));
        assertEquals(OciErrorCode.MANIFEST_INVALID, InvalidValueMapper.codeFor(InvalidValueException.Kind.MANIFEST));
        assertEquals(OciErrorCode.BLOB_UPLOAD_UNKNOWN, InvalidValueMapper.codeFor(InvalidValueException.Kind.UPLOAD_ID));
    }
}
