package dev.wharf.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "library/ubuntu", "a.b/c_d/e__f/g---h", "0/1/2", "team-x/app.v2"})
    void acceptsSpecGrammar(String value) {
        assertEquals(value, RepositoryName.parse(value).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Upper", "a/", "/a", "a//b", "a/../b", "..", ".", "a/_manifests", "_a", "a-", "-a",
            "a/.b", "a b", "a\\b", "a:b", "a___b"})
    void rejectsEverythingElse(String value) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> RepositoryName.parse(value));
        assertEquals(InvalidValueException.Kind.NAME, e.kind());
    }

    @Test
    void limitsLength() {
        String longest = "a".repeat(RepositoryName.MAX_LENGTH);
        assertEquals(longest, RepositoryName.parse(longest).value());
        assertThrows(InvalidValueException.class, () -> RepositoryName.parse(longest + "a"));
    }
}
