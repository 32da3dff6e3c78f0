package dev.wharf.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.config.StorageConfig.Driver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path yaml(String content) throws IOException {
        Path file = dir.resolve("config.yml");
        Files.writeString(file, content);
        return file;
    }

    private static final String FULL_YAML = """
            storage:
              filesystem:
                rootdirectory: /srv/yaml
              delete:
                enabled: true
            http:
              prefix: /yaml/
              relativeurls: true
              host: https://registry.example.com
            log:
              level: debug
            """;

    @Test
    void yamlOnly() throws IOException {
        Path file = yaml(FULL_YAML);
        LoadedConfig loaded = new TestSources().env("REGISTRY_CONFIGURATION_PATH", file.toString()).load();

        RegistryConfig config = loaded.config();
        assertEquals(new StorageConfig(Driver.FILESYSTEM, Path.of("/srv/yaml"), true), config.storage());
        assertEquals(new HttpConfig("/yaml/", true, Optional.of("https://registry.example.com")), config.http());
        assertEquals(new LogConfig("debug"), config.log());
        assertEquals(Optional.of(file), loaded.configFile());
        assertEquals(Optional.of(Origin.file(file)), loaded.origin("storage.filesystem.rootdirectory"));
        assertEquals(Optional.of(Origin.file(file)), loaded.origin("log.level"));
        assertEquals(List.of(), loaded.ignoredKeys());
        assertEquals(Optional.empty(), loaded.ignoredKeysWarning());
    }

    @Test
    void jndiOverridesYamlKeyByKey() throws IOException {
        Path file = yaml(FULL_YAML);
        LoadedConfig loaded = new TestSources()
                .jndi("configuration", file.toString())
                .jndi("storage/filesystem/rootdirectory", "/srv/jndi")
                .jndi("storage/delete/enabled", Boolean.FALSE)
                .jndi("http/relativeurls", "false")
                .load();

        RegistryConfig config = loaded.config();
        assertEquals(new StorageConfig(Driver.FILESYSTEM, Path.of("/srv/jndi"), false), config.storage());
        // Keys JNDI does not set keep their YAML values.
        assertEquals(new HttpConfig("/yaml/", false, Optional.of("https://registry.example.com")), config.http());
        assertEquals("debug", config.log().level());
        assertEquals(Optional.of(Origin.jndi("storage/filesystem/rootdirectory")),
                loaded.origin("storage.filesystem.rootdirectory"));
        assertEquals(Optional.of(Origin.file(file)), loaded.origin("http.prefix"));
    }

    @Test
    void envOverridesJndiAndYaml() throws IOException {
        Path file = yaml(FULL_YAML);
        LoadedConfig loaded = new TestSources()
                .env("REGISTRY_CONFIGURATION_PATH", file.toString())
                .jndi("storage/filesystem/rootdirectory", "/srv/jndi")
                .jndi("http/prefix", "/jndi")
                .jndi("log/level", "warn")
                .env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "/srv/env")
                .env("REGISTRY_STORAGE_DELETE_ENABLED", "false")
                .env("REGISTRY_HTTP_PREFIX", "/env")
                .env("REGISTRY_HTTP_RELATIVEURLS", "false")
                .env("REGISTRY_HTTP_HOST", "http://mirror.internal:5000")
                .load();

        RegistryConfig config = loaded.config();
        assertEquals(new StorageConfig(Driver.FILESYSTEM, Path.of("/srv/env"), false), config.storage());
        assertEquals(new HttpConfig("/env", false, Optional.of("http://mirror.internal:5000")), config.http());
        assertEquals("warn", config.log().level(), "JNDI still beats YAML where env is silent");
        assertEquals(Optional.of(Origin.env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY")),
                loaded.origin("storage.filesystem.rootdirectory"));
        assertEquals(Optional.of(Origin.jndi("log/level")), loaded.origin("log.level"));
    }

    @Test
    void envLogLevelIsCaseInsensitiveLikeDistribution() {
        assertEquals("debug", new TestSources().env("REGISTRY_LOG_LEVEL", "DEBUG").load().config().log().level());
    }

    @Test
    void booleansFromStringsAreReadAsYamlWould() throws IOException {
        Path file = yaml("storage:\n  delete:\n    enabled: yes\nhttp:\n  relativeurls: \"on\"\n");
        RegistryConfig config = new TestSources().env("REGISTRY_CONFIGURATION_PATH", file.toString()).load().config();
        assertTrue(config.storage().deleteEnabled());
        assertTrue(config.http().relativeUrls());
        assertTrue(new TestSources().env("REGISTRY_STORAGE_DELETE_ENABLED", "TRUE").load().config().storage().deleteEnabled());
    }

    // --- which file ---

    @Test
    void configPathFromJndi() throws IOException {
        Path file = yaml("log:\n  level: warn\n");
        LoadedConfig loaded = new TestSources().jndi("configuration", file.toString()).load();
        assertEquals(Optional.of(file), loaded.configFile());
        assertEquals(Optional.of(Origin.jndi("configuration")), loaded.configFileNamedBy());
        assertEquals("warn", loaded.config().log().level());
    }

    @Test
    void configPathFromEnv() throws IOException {
        Path file = yaml("log:\n  level: warn\n");
        LoadedConfig loaded = new TestSources().env("REGISTRY_CONFIGURATION_PATH", file.toString()).load();
        assertEquals(Optional.of(Origin.env("REGISTRY_CONFIGURATION_PATH")), loaded.configFileNamedBy());
        assertEquals("warn", loaded.config().log().level());
        assertEquals(List.of(), loaded.ignoredKeys(), "REGISTRY_CONFIGURATION_PATH is not a key");
    }

    @Test
    void configPathFromSystemProperty() throws IOException {
        Path file = yaml("log:\n  level: warn\n");
        LoadedConfig loaded = new TestSources().property("registry.configuration", file.toString()).load();
        assertEquals(Optional.of(Origin.systemProperty("registry.configuration")), loaded.configFileNamedBy());
        assertEquals("warn", loaded.config().log().level());
    }

    @Test
    void configPathPrecedenceIsJndiThenEnvThenSystemProperty() throws IOException {
        Path jndiFile = Files.writeString(dir.resolve("jndi.yml"), "log:\n  level: error\n");
        Path envFile = Files.writeString(dir.resolve("env.yml"), "log:\n  level: warn\n");
        Path propertyFile = Files.writeString(dir.resolve("property.yml"), "log:\n  level: debug\n");

        LoadedConfig all = new TestSources()
                .jndi("configuration", jndiFile.toString())
                .env("REGISTRY_CONFIGURATION_PATH", envFile.toString())
                .property("registry.configuration", propertyFile.toString())
                .load();
        assertEquals(Optional.of(jndiFile), all.configFile());
        assertEquals("error", all.config().log().level());

        LoadedConfig envAndProperty = new TestSources()
                .env("REGISTRY_CONFIGURATION_PATH", envFile.toString())
                .property("registry.configuration", propertyFile.toString())
                .load();
        assertEquals(Optional.of(envFile), envAndProperty.configFile());
        assertEquals("warn", envAndProperty.config().log().level());

        LoadedConfig blankEnv = new TestSources()
                .env("REGISTRY_CONFIGURATION_PATH", "  ")
                .property("registry.configuration", propertyFile.toString())
                .load();
        assertEquals(Optional.of(propertyFile), blankEnv.configFile(), "a blank value counts as unset");
    }

    @Test
    void relativeConfigPathResolvesAgainstWorkingDirectory() {
        ConfigException e = new TestSources().env("REGISTRY_CONFIGURATION_PATH", "no-such-dir/config.yml").fail();
        assertTrue(e.getMessage().contains(Path.of("no-such-dir/config.yml").toAbsolutePath().toString()), e.getMessage());
    }

    // --- file errors ---

    @Test
    void missingFileNamesFileSourceAndProblem() {
        Path missing = dir.resolve("missing.yml");
        ConfigException e = new TestSources().env("REGISTRY_CONFIGURATION_PATH", missing.toString()).fail();
        assertEquals(1, e.problems().size());
        String message = e.getMessage();
        assertTrue(message.contains(missing.toString()), message);
        assertTrue(message.contains("env REGISTRY_CONFIGURATION_PATH"), message);
        assertTrue(message.contains("does not exist"), message);
    }

    @Test
    void missingFileNamedByJndiSaysSo() {
        Path missing = dir.resolve("missing.yml");
        String message = new TestSources().jndi("configuration", missing.toString()).fail().getMessage();
        assertTrue(message.contains("JNDI java:comp/env/registry/configuration"), message);
    }

    @Test
    void invalidYamlNamesFileAndPosition() throws IOException {
        Path file = yaml("storage:\n  filesystem:\n    rootdirectory: [unclosed\nhttp: {\n");
        String message = new TestSources().property("registry.configuration", file.toString()).fail().getMessage();
        assertTrue(message.contains(file.toString()), message);
        assertTrue(message.contains("system property registry.configuration"), message);
        assertTrue(message.contains("not valid YAML"), message);
        assertTrue(message.contains("line"), message);
    }

    @Test
    void duplicateKeysAreInvalid() throws IOException {
        Path file = yaml("log:\n  level: info\nlog:\n  level: debug\n");
        String message = new TestSources().env("REGISTRY_CONFIGURATION_PATH", file.toString()).fail().getMessage();
        assertTrue(message.contains("not valid YAML") && message.contains("log"), message);
    }

    @Test
    void topLevelMustBeAMapping() throws IOException {
        Path file = yaml("- storage\n- http\n");
        String message = new TestSources().env("REGISTRY_CONFIGURATION_PATH", file.toString()).fail().getMessage();
        assertTrue(message.contains(file.toString()) && message.contains("mapping"), message);
    }

    @Test
    void directoryIsNotAFile() {
        String message = new TestSources().env("REGISTRY_CONFIGURATION_PATH", dir.toString()).fail().getMessage();
        assertTrue(message.contains("is a directory"), message);
    }

    @Test
    void emptyFileMeansDefaults() throws IOException {
        Path file = yaml("");
        LoadedConfig loaded = new TestSources().env("REGISTRY_CONFIGURATION_PATH", file.toString()).load();
        assertEquals(Optional.of(file), loaded.configFile());
        assertEquals("/", loaded.config().http().prefix());
        assertEquals(Optional.of(Origin.defaulted("")), loaded.origin("http.prefix"),
                "a file was given, so not \"no configuration given\"");
    }

    @Test
    void unreadableJndiIsAProblem() {
        ConfigSources sources = new ConfigSources(Map.of(), Map.of("user.home", "/home/alice"), () -> {
            throw new ConfigException(List.of("Cannot read the JNDI entries below java:comp/env/registry: boom"));
        });
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(sources).load());
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    // --- values ---

    @Test
    void badValuesAreAllReportedTogether() throws IOException {
        Path file = yaml("storage:\n  filesystem:\n    rootdirectory: var/lib/registry\nlog:\n  level: verbose\n");
        ConfigException e = new TestSources()
                .env("REGISTRY_CONFIGURATION_PATH", file.toString())
                .env("REGISTRY_HTTP_PREFIX", "registry")
                .env("REGISTRY_HTTP_HOST", "registry.example.com")
                .jndi("storage/delete/enabled", "maybe")
                .fail();
        List<String> problems = e.problems();
        assertEquals(5, problems.size(), e.getMessage());
        assertAll(
                () -> assertTrue(e.getMessage().contains("storage.filesystem.rootdirectory (from file " + file + ")"
                        + " is \"var/lib/registry\", which is not an absolute path"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("log.level (from file " + file + ") is \"verbose\","
                        + " but must be one of error, warn, info, debug"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("http.prefix (from env REGISTRY_HTTP_PREFIX) is \"registry\","
                        + " but must start with \"/\""), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("http.host (from env REGISTRY_HTTP_HOST)"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("storage.delete.enabled (from JNDI"
                        + " java:comp/env/registry/storage/delete/enabled) is \"maybe\", but must be true or false"),
                        e.getMessage()));
    }

    @Test
    void hostMustBeAnAbsoluteHttpUrl() {
        for (String bad : List.of("ftp://registry.example.com", "https://", "/relative", "https://h/?q=1", "http://bad host")) {
            ConfigException e = new TestSources().env("REGISTRY_HTTP_HOST", bad).fail();
            assertTrue(e.getMessage().contains("http.host (from env REGISTRY_HTTP_HOST)"), bad + ": " + e.getMessage());
        }
        assertEquals(Optional.of("https://registry.example.com:5443/base"),
                new TestSources().env("REGISTRY_HTTP_HOST", "https://registry.example.com:5443/base").load().config().http().host());
    }

    @Test
    void homeRelativeRootDirectoryGetsAHint() {
        String message = new TestSources().env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "~/registry").fail().getMessage();
        assertTrue(message.contains("~ is not expanded"), message);
    }

    @Test
    void sectionThatIsNotAMappingIsAProblem() throws IOException {
        Path file = yaml("http: /registry\n");
        String message = new TestSources().env("REGISTRY_CONFIGURATION_PATH", file.toString()).fail().getMessage();
        assertTrue(message.contains("http (from file " + file + ") must be a mapping"), message);
    }

    // --- defaults ---

    @Test
    void defaultsWhenNothingIsConfigured() {
        LoadedConfig loaded = new TestSources().load();
        RegistryConfig config = loaded.config();
        assertEquals(new StorageConfig(Driver.FILESYSTEM, Path.of("/home/alice/.local/share/wharf"), false), config.storage());
        assertEquals(new HttpConfig("/", false, Optional.empty()), config.http());
        assertEquals(new LogConfig("info"), config.log());
        assertEquals(Optional.empty(), loaded.configFile());
        assertEquals(Optional.empty(), loaded.ignoredKeysWarning());
        assertEquals(Optional.of(Origin.defaulted("no configuration given")), loaded.origin("http.prefix"));
    }

    @Test
    void defaultRootDirectoryFollowsXdgDataHome() {
        LoadedConfig loaded = new TestSources().env("XDG_DATA_HOME", "/data/alice").load();
        assertEquals(Path.of("/data/alice/wharf"), loaded.config().storage().rootDirectory());
        assertEquals(Optional.of(Origin.defaulted("no configuration given; $XDG_DATA_HOME/wharf")),
                loaded.origin("storage.filesystem.rootdirectory"));
    }

    @Test
    void relativeXdgDataHomeIsIgnoredAsTheSpecSays() {
        assertEquals(Path.of("/home/alice/.local/share/wharf"),
                new TestSources().env("XDG_DATA_HOME", "data").load().config().storage().rootDirectory());
    }

    @Test
    void noUsableHomeAndNoRootDirectoryIsAProblem() {
        String message = new TestSources().property("user.home", "?").fail().getMessage();
        assertTrue(message.contains("storage.filesystem.rootdirectory is not set"), message);
        assertTrue(message.contains("user.home is \"?\""), message);
    }

    @Test
    void configuredRootDirectoryNeedsNoHome() {
        assertEquals(Path.of("/srv/registry"), new TestSources().noProperty("user.home")
                .env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "/srv/registry").load().config().storage().rootDirectory());
    }

    @Test
    void blankValuesMeanDefault() {
        RegistryConfig config = new TestSources()
                .env("REGISTRY_HTTP_PREFIX", "")
                .env("REGISTRY_HTTP_HOST", "")
                .env("REGISTRY_LOG_LEVEL", " ")
                .load().config();
        assertEquals(new HttpConfig("/", false, Optional.empty()), config.http());
        assertEquals("info", config.log().level());
    }

    // --- drivers ---

    @Test
    void inmemoryDriverFromYaml() throws IOException {
        Path file = yaml("storage:\n  inmemory:\n  delete:\n    enabled: true\n");
        StorageConfig storage = new TestSources().env("REGISTRY_CONFIGURATION_PATH", file.toString()).load().config().storage();
        assertEquals(new StorageConfig(Driver.INMEMORY, null, true), storage);
    }

    @Test
    void inmemoryDriverAsPlainStringLikeDistribution() throws IOException {
        Path file = yaml("storage: inmemory\n");
        StorageConfig storage = new TestSources().env("REGISTRY_CONFIGURATION_PATH", file.toString()).load().config().storage();
        assertEquals(new StorageConfig(Driver.INMEMORY, null, false), storage);
    }

    @Test
    void registryStorageEnvReplacesTheFilesStorageSection() throws IOException {
        Path file = yaml("storage:\n  filesystem:\n    rootdirectory: /srv/yaml\n  delete:\n    enabled: true\n");
        LoadedConfig loaded = new TestSources()
                .env("REGISTRY_CONFIGURATION_PATH", file.toString())
                .env("REGISTRY_STORAGE", "inmemory")
                .env("REGISTRY_STORAGE_DELETE_ENABLED", "true")
                .load();
        assertEquals(new StorageConfig(Driver.INMEMORY, null, true), loaded.config().storage());
        assertEquals(Optional.of(Origin.env("REGISTRY_STORAGE")), loaded.origin("storage"));
    }

    @Test
    void bothDriversIsAnErrorNamingBoth() throws IOException {
        Path file = yaml("storage:\n  filesystem:\n    rootdirectory: /srv/yaml\n");
        ConfigException e = new TestSources()
                .env("REGISTRY_CONFIGURATION_PATH", file.toString())
                .env("REGISTRY_STORAGE_INMEMORY", "")
                .fail();
        assertEquals(1, e.problems().size(), e.getMessage());
        String message = e.getMessage();
        assertTrue(message.contains("storage.filesystem (from file " + file + ")"), message);
        assertTrue(message.contains("storage.inmemory (from env REGISTRY_STORAGE_INMEMORY)"), message);
        assertTrue(message.contains("exactly one storage driver"), message);
    }

    @Test
    void driverWharfLacksIsAnError() throws IOException {
        Path file = yaml("storage:\n  s3:\n    region: us-east-1\n    bucket: images\n");
        ConfigException e = new TestSources().env("REGISTRY_CONFIGURATION_PATH", file.toString()).fail();
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("storage.s3 (from file " + file + ") names the storage driver \"s3\""),
                e.getMessage());
    }

    @Test
    void misspelledDriverIsAnError() {
        String message = new TestSources().env("REGISTRY_STORAGE_FILESYTEM_ROOTDIRECTORY", "/srv").fail().getMessage();
        assertTrue(message.contains("storage.filesytem"), message);
    }

    // --- ignored keys ---

    @Test
    void ignoredKeysAreWarnedOnceWithTheirSources() throws IOException {
        Path file = yaml("version: 0.1\nhttp:\n  addr: :5000\n  prefix: /\nnotifications:\n  endpoints:\n"
                + "    - name: alistener\n      url: https://listener.example.com/event\n");
        LoadedConfig loaded = new TestSources()
                .env("REGISTRY_CONFIGURATION_PATH", file.toString())
                .env("REGISTRY_PORT", "tcp://10.0.0.1:5000") // what Kubernetes sets for a Service named "registry"
                .env("REGISTRY_NOTIFICATIONS_ENDPOINTS_0_TIMEOUT", "1s")
                .jndi("redis/addr", "localhost:6379")
                .env("PATH", "/usr/bin")
                .load();
        // The variable replaces the file's list of endpoints: no source sets one element of a list.
        assertEquals(List.of("version", "http.addr", "redis", "notifications", "port"), loaded.ignoredKeys());
        String warning = loaded.ignoredKeysWarning().orElseThrow();
        assertEquals("""
                Wharf does not use these configuration keys (yet), so they have no effect:
                  from file %s: version, http.addr
                  from JNDI java:comp/env/registry/redis/addr: redis
                  from env REGISTRY_NOTIFICATIONS_ENDPOINTS_0_TIMEOUT: notifications
                  from env REGISTRY_PORT: port""".formatted(file), warning);
    }

    @Test
    void unusableEntriesAreReportedInTheSameWarning() {
        LoadedConfig loaded = new TestSources()
                .env("REGISTRY_STORAGE__ROOTDIRECTORY", "/srv")
                .jndi("storage/filesystem/rootdirectory", new Object())
                .load();
        String warning = loaded.ignoredKeysWarning().orElseThrow();
        assertTrue(warning.contains("env REGISTRY_STORAGE__ROOTDIRECTORY: an empty key"), warning);
        assertTrue(warning.contains("JNDI java:comp/env/registry/storage/filesystem/rootdirectory: a java.lang.Object"), warning);
    }

    @Test
    void distributionSampleLoadsAndWarnsOnlyAboutUnusedKeys() throws IOException {
        Path file = dir.resolve("config-example.yml");
        try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("config-example.yml")) {
            Files.copy(in, file);
        }
        LoadedConfig loaded = new TestSources().env("REGISTRY_CONFIGURATION_PATH", file.toString()).load();

        assertEquals(new StorageConfig(Driver.FILESYSTEM, Path.of("/var/lib/registry"), true), loaded.config().storage());
        assertEquals(new HttpConfig("/", false, Optional.empty()), loaded.config().http());
        assertEquals("info", loaded.config().log().level());
        assertEquals(List.of("version", "log.formatter", "log.fields", "storage.cache", "storage.tag",
                "http.addr", "http.secret", "http.headers", "health"), loaded.ignoredKeys());
        assertEquals("Wharf does not use these configuration keys (yet), so they have no effect:\n"
                + "  from file " + file + ": version, log.formatter, log.fields, storage.cache, storage.tag,"
                + " http.addr, http.secret, http.headers, health", loaded.ignoredKeysWarning().orElseThrow());
    }

    @Test
    void authIsRefusedRatherThanIgnored() throws IOException {
        Path file = yaml("auth:\n  htpasswd:\n    realm: basic-realm\n    path: /etc/registry\n");
        ConfigException e = new TestSources().env("REGISTRY_CONFIGURATION_PATH", file.toString()).fail();
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("auth (from file " + file + ") is set, but Wharf does not implement"
                + " access control yet"), e.getMessage());
    }
}
