package dev.wharf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadedConfigTest {

    @TempDir
    Path dir;

    @Test
    void summaryWithNothingConfigured() {
        assertEquals("""
                Wharf configuration:
                  configuration file: none (JNDI java:comp/env/registry/configuration, env REGISTRY_CONFIGURATION_PATH \
                and system property registry.configuration are unset)
                  storage: filesystem at /home/alice/.local/share/wharf (default: no configuration given; \
                ${user.home}/.local/share/wharf)
                  delete enabled: false (default: no configuration given)
                  http prefix: / (default: no configuration given)
                  log level: info (default: no configuration given)
                  upload purging: uploads older than PT168H removed every PT24H""",
                new TestSources().load().summary());
    }

    @Test
    void summarySaysWhereEachValueCameFrom() throws Exception {
        Path file = Files.writeString(dir.resolve("config.yml"),
                "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: /srv/yaml\nhttp:\n  prefix: /v2mirror\n");
        LoadedConfig loaded = new TestSources()
                .jndi("configuration", file.toString())
                .env("REGISTRY_CONFIGURATION_PATH", "/etc/other.yml")
                .env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "/srv/registry")
                .jndi("storage/delete/enabled", Boolean.TRUE)
                .load();
        assertEquals("""
                Wharf configuration:
                  configuration file: %s (named by JNDI java:comp/env/registry/configuration; \
                it overrides env REGISTRY_CONFIGURATION_PATH=/etc/other.yml)
                  storage: filesystem at /srv/registry (from env REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY)
                  delete enabled: true (from JNDI java:comp/env/registry/storage/delete/enabled)
                  http prefix: /v2mirror (from file %s)
                  log level: info (default)
                  upload purging: uploads older than PT168H removed every PT24H
                  ignored keys: 1, listed in a warning""".formatted(file, file),
                loaded.summary());
    }

    @Test
    void summaryForInmemoryAndHttpExtras() {
        String summary = new TestSources()
                .env("REGISTRY_STORAGE", "inmemory")
                .env("REGISTRY_HTTP_RELATIVEURLS", "true")
                .env("REGISTRY_HTTP_HOST", "https://registry.example.com")
                .load().summary();
        assertTrue(summary.contains("\n  storage: inmemory, lost when Wharf stops (from env REGISTRY_STORAGE)\n"), summary);
        assertTrue(summary.contains("\n  relative URLs: true (from env REGISTRY_HTTP_RELATIVEURLS)\n"), summary);
        assertTrue(summary.contains("\n  external URL: https://registry.example.com (from env REGISTRY_HTTP_HOST)\n"),
                summary);
    }

    @Test
    void settingsRedactSecrets() throws Exception {
        Path file = Files.writeString(dir.resolve("config.yml"), """
                http:
                  secret: file-secret-value
                notifications:
                  endpoints:
                    - name: listener
                      headers:
                        Authorization: [Bearer header-token-value]
                """);
        LoadedConfig loaded = new TestSources()
                .env("REGISTRY_CONFIGURATION_PATH", file.toString())
                .env("REGISTRY_PROXY_REMOTEURL", "https://registry-1.docker.io")
                .env("REGISTRY_PROXY_USERNAME", "mirror")
                .env("REGISTRY_PROXY_PASSWORD", "env-password-value")
                .jndi("redis/password", "jndi-password-value")
                .env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "/srv/registry")
                .load();

        String everything = loaded.settings() + loaded.summary() + loaded.ignoredKeysWarning().orElse("") + loaded;
        for (String secret : new String[] {"file-secret-value", "header-token-value", "env-password-value",
                "jndi-password-value"}) {
            assertFalse(everything.contains(secret), secret + " leaked:\n" + everything);
        }
        String settings = loaded.settings();
        assertTrue(settings.contains("\n  http.secret = <redacted> (from file " + file + ")"), settings);
        assertTrue(settings.contains("\n  notifications.endpoints.0.headers.Authorization = <redacted>"), settings);
        assertTrue(settings.contains("\n  proxy.password = <redacted> (from env REGISTRY_PROXY_PASSWORD)"), settings);
        assertTrue(settings.contains("\n  redis.password = <redacted> (from JNDI java:comp/env/registry/redis/password)"),
                settings);
        assertTrue(settings.contains("\n  proxy.remoteurl = \"https://registry-1.docker.io\" (from env REGISTRY_PROXY_REMOTEURL)"),
                settings);
        assertTrue(settings.contains("\n  storage.filesystem.rootdirectory = \"/srv/registry\""
                + " (from env REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY)"), settings);
    }

    @Test
    void secretsInvalidValuesAreNotEchoedInErrors() {
        ConfigException e = new TestSources().env("REGISTRY_HTTP_SECRET", "x").env("REGISTRY_LOG", "hunter2").fail();
        assertTrue(e.getMessage().contains("log (from env REGISTRY_LOG) must be a mapping"), e.getMessage());
        // A future section might validate a secret; a problem never prints its value.
        ConfigException secret = new TestSources()
                .env("REGISTRY_PROXY_REMOTEURL", "https://registry-1.docker.io")
                .env("REGISTRY_PROXY_PASSWORD", "hunter2")
                .env("REGISTRY_PROXY_TTL", "hunter2")
                .env("REGISTRY_REDIS_PASSWORD", "hunter2")
                .jndi("storage/maintenance/uploadpurging/age", "hunter2")
                .fail();
        assertFalse(secret.getMessage().contains("proxy.password (from env REGISTRY_PROXY_PASSWORD) is \"hunter2\""),
                secret.getMessage());
        assertTrue(secret.getMessage().contains("proxy.ttl (from env REGISTRY_PROXY_TTL) is \"hunter2\", but must be a duration"),
                secret.getMessage());
        ConfigTree tree = new ConfigTree();
        tree.problem("proxy.password", "hunter2", "but must be longer");
        ConfigException redacted = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, tree::throwIfProblems);
        assertEquals("Invalid Wharf configuration: proxy.password (default) is <redacted>, but must be longer",
                redacted.getMessage());
    }

    @Test
    void originOfKeysWharfDoesNotUse() {
        LoadedConfig loaded = new TestSources().env("REGISTRY_HTTP_ADDR", ":5000").load();
        assertEquals(Optional.of(Origin.env("REGISTRY_HTTP_ADDR")), loaded.origin("http.addr"));
        assertEquals(Optional.of(Origin.defaulted("")), loaded.origin("http.prefix"));
        assertEquals(Optional.empty(), loaded.origin("http.tls.certificate"));
    }
}
