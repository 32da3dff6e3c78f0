package dev.wharf.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntityTagsTest {
    @Test
    void matchesListsWeakTagsAndStar() {
        assertTrue(EntityTags.matches(List.of("\"sha256:a\""), "sha256:a"));
        assertTrue(EntityTags.matches(List.of("\"x\", \"sha256:a\""), "sha256:a"));
        assertTrue(EntityTags.matches(List.of("W/\"sha256:a\""), "sha256:a"));
        assertTrue(EntityTags.matches(List.of("*"), "sha256:a"));
        assertTrue(EntityTags.matches(List.of("\"x\"", "\"sha256:a\""), "sha256:a"));
    }

    @Test
    void refusesEverythingElse() {
        assertFalse(EntityTags.matches(null, "sha256:a"));
        assertFalse(EntityTags.matches(List.of("sha256:a"), "sha256:a"));
        assertFalse(EntityTags.matches(List.of("\"sha256:b\""), "sha256:a"));
        assertFalse(EntityTags.matches(List.of("\""), "sha256:a"));
    }
}
