package dev.wharf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void secretKeysAreRecognised() {
        assertTrue(Secrets.isSecret("proxy.password"));
        assertTrue(Secrets.isSecret("http.secret"));
        assertTrue(Secrets.isSecret("auth.htpasswd.path"), "anything under auth");
        assertTrue(Secrets.isSecret("storage.s3.secretkey"));
        assertTrue(Secrets.isSecret("notifications.endpoints.0.headers.Authorization"));
        assertTrue(Secrets.isSecret("redis.password"));
        assertTrue(Secrets.isSecret("notifications.endpoints.0.headers.Authorization.0"),
                "list elements below a secret key");
    }

    @Test
    void ordinaryKeysAreShown() {
        assertFalse(Secrets.isSecret("storage.filesystem.rootdirectory"));
        assertFalse(Secrets.isSecret("http.prefix"));
        assertEquals("\"/srv\"", Secrets.show("storage.filesystem.rootdirectory", "/srv"));
        assertEquals("<redacted>", Secrets.show("proxy.password", "hunter2"));
    }
}
