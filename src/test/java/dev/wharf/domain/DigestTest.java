package dev.wharf.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DigestTest {
    private static final String EMPTY_SHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesAndPrintsCanonicalForm() {
        Digest digest = Digest.parse(EMPTY_SHA256);
        assertEquals(DigestAlgorithm.SHA256, digest.algorithm());
        assertEquals(EMPTY_SHA256, digest.toString());
        assertEquals(digest, Digest.sha256Of(new byte[0]));
    }

    @Test
    void computesSha512() {
        Digest digest = Digest.of(DigestAlgorithm.SHA512,
                DigestAlgorithm.SHA512.newMessageDigest().digest("abc".getBytes(StandardCharsets.UTF_8)));
        assertEquals(128, digest.hex().length());
        assertEquals(digest, Digest.parse(digest.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256", "sha256:", "sha256:totallywrong", "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85", "sha256:../../etc/passwd",
            "md5:d41d8cd98f00b204e9800998ecf8427e", ":abc", "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/x"})
    void rejectsMalformedOrUnsupported(String value) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Digest.parse(value));
        assertEquals(InvalidValueException.Kind.DIGEST, e.kind());
    }
}
