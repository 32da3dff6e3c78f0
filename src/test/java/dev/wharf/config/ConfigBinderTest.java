package dev.wharf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.wharf.config.StorageConfig.Driver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigBinderTest {

    private static final Path FILE = Path.of("/etc/wharf/config.yml");

    private static ConfigTree tree(String yaml) throws Exception {
        ConfigTree tree = new ConfigTree();
        tree.merge((ObjectNode) new YAMLMapper().readTree(yaml), Origin.file(FILE));
        return tree;
    }

    /** The problems binding {@code yaml} reports, as one message; empty when there are none. */
    private static String problems(String yaml) throws Exception {
        ConfigTree tree = tree(yaml);
        ConfigBinder.bind(tree, new ArrayList<>());
        try {
            tree.throwIfProblems();
            return "";
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    @Test
    void bindsEverySectionWithDefaultsForWhatIsMissing() throws Exception {
        RegistryConfig config = ConfigBinder.bind(tree("""
                http: {prefix: /v2mirror}
                storage: {inmemory: , maintenance: {readonly: {enabled: "on"}, uploadpurging: {age: 2h}}}
                proxy: {remoteurl: "https://upstream.example/", maxsize: 2GiB}
                """), new ArrayList<>());
        assertEquals(new HttpConfig("/v2mirror", false, Optional.empty()), config.http());
        assertEquals(new StorageConfig(Driver.INMEMORY, null, false), config.storage());
        assertEquals(new MaintenanceConfig(true, java.time.Duration.ofHours(2), java.time.Duration.ofHours(24), false, true),
                config.maintenance());
        assertEquals("https://upstream.example", config.proxy().remoteUrl().orElseThrow().toString());
        assertEquals(2L << 30, config.proxy().maxSize().getAsLong());
        assertEquals("info", config.log().level());
    }

    @Test
    void booleanWordsOfYamlAreAcceptedInAnyCase() throws Exception {
        for (String yes : List.of("true", "TRUE", "tRuE", "yes", "On", "y")) {
            assertTrue(ConfigBinder.bind(tree("storage: {delete: {enabled: \"" + yes + "\"}}"), new ArrayList<>())
                    .storage().deleteEnabled(), yes);
        }
        for (String no : List.of("false", "No", "off", "N")) {
            assertFalse(ConfigBinder.bind(tree("storage: {delete: {enabled: \"" + no + "\"}}"), new ArrayList<>())
                    .storage().deleteEnabled(), no);
        }
    }

    @Test
    void mismatchedShapesNameKeyAndWhatWasFound() throws Exception {
        assertTrue(problems("http: {prefix: [a, b]}").contains("http.prefix (from file " + FILE + ") must be a single value,"
                + " but is a list"), problems("http: {prefix: [a, b]}"));
        assertTrue(problems("log: {level: {a: b}}").contains("log.level (from file " + FILE + ") must be a single value,"
                + " but is a mapping"));
        assertTrue(problems("proxy: [a]").contains("proxy (from file " + FILE + ") must be a mapping of keys below it,"
                + " but is a list"));
        assertTrue(problems("storage: {filesystem: /srv}").contains("storage.filesystem (from file " + FILE + ") must be"
                + " a mapping of keys below it, but is \"/srv\""));
        assertTrue(problems("proxy: {ttl: [1h]}").contains("proxy.ttl (from file " + FILE + ") must be a single value"));
        assertTrue(problems("storage: {delete: {enabled: 1.5}}").contains("storage.delete.enabled (from file " + FILE
                + ") is \"1.5\", but must be true or false"), problems("storage: {delete: {enabled: 1.5}}"));
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() throws Exception {
        String message = problems("http: {relativeurls: maybe}\nproxy: {ttl: soon, filltimeout: later}\nlog: [x]\n");
        assertTrue(message.startsWith("Invalid Wharf configuration (4 problems):"), message);
    }

    @Test
    void storageAsAPlainStringNamesTheDriver() throws Exception {
        assertEquals(Driver.INMEMORY, ConfigBinder.bind(tree("storage: inmemory"), new ArrayList<>())
                .storage().driver());
        assertTrue(problems("storage: s3").contains("storage (from file " + FILE + ") names the storage driver \"s3\""),
                problems("storage: s3"));
    }

    @Test
    void knownKeysAreThoseTheRecordsDeclare() throws Exception {
        for (String key : List.of("http", "http.prefix", "http.relativeurls", "http.host", "storage", "storage.filesystem",
                "storage.filesystem.rootdirectory", "storage.inmemory", "storage.delete.enabled",
                "storage.maintenance.uploadpurging.dryrun", "storage.maintenance.readonly.enabled", "log.level",
                "proxy.remoteurl", "proxy.password", "proxy.maxsize")) {
            assertTrue(ConfigBinder.knownKeys().contains(key), key);
        }
        for (String key : List.of("http.relativeUrls", "version", "auth", "storage.s3", "proxy.remoteUrl", "")) {
            assertFalse(ConfigBinder.knownKeys().contains(key), key);
        }
        List<String> ignored = new ArrayList<>();
        ConfigBinder.bind(tree("version: 0.1\nstorage: {inmemory: {size: 1}, delete: {enabled: true}}\n"
                + "http: {addr: ':5000', prefix: /}\nnotifications: {endpoints: [{name: a}]}\n"), ignored);
        assertEquals(List.of("version", "storage.inmemory.size", "http.addr", "notifications"), ignored);
    }
}
