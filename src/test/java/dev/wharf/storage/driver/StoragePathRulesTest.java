package dev.wharf.storage.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoragePathRulesTest {

    @Test
    void rootIsValidButNotANonRootPath() {
        assertEquals("/", StoragePathRules.requireValid("/"));
        assertThrows(InvalidPathException.class, () -> StoragePathRules.requireNonRoot("/"));
        assertEquals("/a", StoragePathRules.requireNonRoot("/a"));
    }

    @Test
    void namesSplitAPath() {
        assertEquals(List.of(), StoragePathRules.names("/"));
        assertEquals(List.of("a"), StoragePathRules.names("/a"));
        assertEquals(List.of("docker", "registry", "v2"), StoragePathRules.names("/docker/registry/v2"));
        assertThrows(InvalidPathException.class, () -> StoragePathRules.names("/a//b"));
    }

    @Test
    void childJoinsWithOneSlash() {
        assertEquals("/a", StoragePathRules.child("/", "a"));
        assertEquals("/a/b", StoragePathRules.child("/a", "b"));
    }

    @Test
    void names() {
        assertTrue(StoragePathRules.isValidName("sha256"));
        assertTrue(StoragePathRules.isValidName("_uploads"));
        assertTrue(StoragePathRules.isValidName("..."));
        assertTrue(StoragePathRules.isValidName(".tmp"));
        assertFalse(StoragePathRules.isValidName(""));
        assertFalse(StoragePathRules.isValidName("."));
        assertFalse(StoragePathRules.isValidName(".."));
        assertFalse(StoragePathRules.isValidName(".tmp-1"));
        assertFalse(StoragePathRules.isValidName("a/b"));
        assertFalse(StoragePathRules.isValidName("lost+found"));
        assertFalse(StoragePathRules.isValidName(null));
    }

    @Test
    void nullIsAProgrammingError() {
        assertThrows(NullPointerException.class, () -> StoragePathRules.requireValid(null));
        assertFalse(StoragePathRules.isValid(null));
    }
}
