package dev.wharf.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReferenceTest {
    @Test
    void tellsTagsFromDigests() {
        assertInstanceOf(Reference.ByTag.class, Reference.parse("latest"));
        assertInstanceOf(Reference.ByDigest.class,
                Reference.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    @Test
    void rejectsBadTagsAndDigests() {
        assertEquals(InvalidValueException.Kind.TAG, assertThrows(InvalidValueException.class, () -> Reference.parse(".hidden")).kind());
        assertEquals(InvalidValueException.Kind.TAG, assertThrows(InvalidValueException.class, () -> Reference.parse("a".repeat(129))).kind());
        assertEquals(InvalidValueException.Kind.DIGEST, assertThrows(InvalidValueException.class, () -> Reference.parse("sha256:nothex")).kind());
    }

    @Test
    void acceptsLongestTag() {
        assertEquals("a".repeat(128), Reference.parse("a".repeat(128)).toString());
    }
}
