package dev.wharf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void secretKeysAreRecognised() {
        assertTrue(Secrets.isSecret(KeyPath.of("proxy", "password")));
        assertTrue(Secrets.isSecret(KeyPath.of("http", "secret")));
        assertTrue(Secrets.isSecret(KeyPath.of("auth", "htpasswd", "path")), "anything under auth");
        assertTrue(Secrets.isSecret(KeyPath.of("storage", "s3", "secretkey")));
        assertTrue(Secrets.isSecret(KeyPath.of("notifications", "endpoints", "0", "headers", "Authorization")));
        assertTrue(Secrets.isSecret(KeyPath.of("redis", "password")));
        assertTrue(Secrets.isSecret(KeyPath.of("notifications", "endpoints", "0", "headers", "Authorization", "0")),
                "list elements below a secret key");
    }

    @Test
    void ordinaryKeysAreShown() {
        assertFalse(Secrets.isSecret(KeyPath.of("storage", "filesystem", "rootdirectory")));
        assertFalse(Secrets.isSecret(KeyPath.of("http", "prefix")));
        assertEquals("\"/srv\"", Secrets.show(KeyPath.of("storage", "filesystem", "rootdirectory"), "/srv"));
        assertEquals("<redacted>", Secrets.show(KeyPath.of("proxy", "password"), "hunter2"));
    }
}
