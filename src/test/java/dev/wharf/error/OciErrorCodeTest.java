package dev.wharf.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spec's codes carry the spec's statuses (distribution-spec "Error Codes", distribution's errcode). */
class OciErrorCodeTest {
    @Test
    void specCodesHaveSpecStatuses() {
        Map<OciErrorCode, Integer> spec = Map.ofEntries(
                Map.entry(OciErrorCode.BLOB_UNKNOWN, 404),
                Map.entry(OciErrorCode.BLOB_UPLOAD_INVALID, 400),
                Map.entry(OciErrorCode.BLOB_UPLOAD_UNKNOWN, 404),
                Map.entry(OciErrorCode.DIGEST_INVALID, 400),
                Map.entry(OciErrorCode.MANIFEST_BLOB_UNKNOWN, 400),
                Map.entry(OciErrorCode.MANIFEST_INVALID, 400),
                Map.entry(OciErrorCode.MANIFEST_UNKNOWN, 404),
                Map.entry(OciErrorCode.NAME_INVALID, 400),
                Map.entry(OciErrorCode.NAME_UNKNOWN, 404),
                Map.entry(OciErrorCode.SIZE_INVALID, 400),
                Map.entry(OciErrorCode.UNAUTHORIZED, 401),
                Map.entry(OciErrorCode.DENIED, 403),
                Map.entry(OciErrorCode.UNSUPPORTED, 405),
                Map.entry(OciErrorCode.TOOMANYREQUESTS, 429));
        spec.forEach((code, status) -> {
            assertEquals(status, code.status(), code.name());
            assertEquals(code.name(), code.code(), "a spec entry is sent under its own name");
        });
    }

    @Test
    void variantsReuseSpecCodesWithTheStatusTheSpecAsksFor() {
        assertEquals("MANIFEST_INVALID", OciErrorCode.MANIFEST_TOO_LARGE.code());
        assertEquals(413, OciErrorCode.MANIFEST_TOO_LARGE.status());
        assertEquals("BLOB_UPLOAD_INVALID", OciErrorCode.BLOB_UPLOAD_RANGE_INVALID.code());
        assertEquals(416, OciErrorCode.BLOB_UPLOAD_RANGE_INVALID.status());
    }

    @Test
    void everyEntryHasAMessage() {
        for (OciErrorCode code : OciErrorCode.values()) {
            assertFalse(code.message().isBlank(), code.name());
        }
    }
}
