package dev.wharf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigTreeTest {

    private static final Origin FILE = Origin.file(Path.of("/etc/wharf/config.yml"));

    private static ConfigTree fromYaml(String yaml) throws Exception {
        ConfigTree tree = new ConfigTree();
        tree.merge((ObjectNode) new YAMLMapper().readTree(yaml), FILE);
        return tree;
    }

    private static Origin origin(ConfigTree tree, String key) {
        ConfigTree.Leaf leaf = tree.leaves().get(List.of(key.split("\\.")));
        return leaf == null ? null : leaf.origin();
    }

    @Test
    void settingALeafKeepsItsSiblings() throws Exception {
        ConfigTree tree = fromYaml("storage:\n  filesystem:\n    rootdirectory: /a\n    maxthreads: 100\n");
        Origin env = Origin.env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY");
        tree.set(List.of("storage", "filesystem", "rootdirectory"), TextNode.valueOf("/b"), env);

        assertEquals("/b", tree.root().at("/storage/filesystem/rootdirectory").asText());
        assertEquals(100, tree.root().at("/storage/filesystem/maxthreads").asInt());
        assertEquals(env, origin(tree, "storage.filesystem.rootdirectory"));
        assertEquals(FILE, origin(tree, "storage.filesystem.maxthreads"));
        assertEquals("storage.filesystem.rootdirectory (from env REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY)",
                tree.describe("storage.filesystem.rootdirectory"));
        assertEquals("storage.filesystem (from file /etc/wharf/config.yml and env REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY)",
                tree.describe("storage.filesystem"));
        assertEquals("http.prefix (default)", tree.describe("http.prefix"));
    }

    @Test
    void laterFilesMergeKeyByKey() throws Exception {
        ConfigTree tree = fromYaml("log:\n  level: info\n  formatter: text\n");
        tree.merge((ObjectNode) new YAMLMapper().readTree("log:\n  level: debug\n"), Origin.env("X"));
        assertEquals("debug", tree.root().at("/log/level").asText());
        assertEquals("text", tree.root().at("/log/formatter").asText());
    }

    @Test
    void settingASectionReplacesItsWholeSubtreeAndOrigins() throws Exception {
        ConfigTree tree = fromYaml("storage:\n  filesystem:\n    rootdirectory: /a\n  delete:\n    enabled: true\n");
        tree.set(List.of("storage"), TextNode.valueOf("inmemory"), Origin.env("REGISTRY_STORAGE"));

        assertEquals("inmemory", tree.root().get("storage").asText());
        assertNull(origin(tree, "storage.filesystem.rootdirectory"));
        assertEquals(Set.of(Origin.env("REGISTRY_STORAGE")), tree.originsWithin("storage"));
    }

    @Test
    void keyBelowAScalarTurnsTheScalarIntoAKey() {
        ConfigTree tree = new ConfigTree();
        tree.set(List.of("storage"), TextNode.valueOf("inmemory"), Origin.env("REGISTRY_STORAGE"));
        tree.set(List.of("storage", "delete", "enabled"), TextNode.valueOf("true"),
                Origin.env("REGISTRY_STORAGE_DELETE_ENABLED"));

        assertEquals("{\"inmemory\":{},\"delete\":{\"enabled\":\"true\"}}", tree.root().get("storage").toString());
        assertEquals(Map.of(
                        "storage.inmemory", Origin.env("REGISTRY_STORAGE"),
                        "storage.delete.enabled", Origin.env("REGISTRY_STORAGE_DELETE_ENABLED")),
                Map.of("storage.inmemory", origin(tree, "storage.inmemory"),
                        "storage.delete.enabled", origin(tree, "storage.delete.enabled")));
        assertEquals(2, tree.leaves().size());
    }

    @Test
    void keyBelowAListReplacesTheList() throws Exception {
        ConfigTree tree = fromYaml("notifications:\n  endpoints:\n    - name: a\n");
        tree.set(List.of("notifications", "endpoints", "0", "name"), TextNode.valueOf("b"), Origin.env("X"));

        assertEquals("{\"0\":{\"name\":\"b\"}}", tree.root().at("/notifications/endpoints").toString());
        assertEquals(Set.of(Origin.env("X")), tree.originsWithin("notifications"));
    }

    @Test
    void blankValuesAreNotSet() throws Exception {
        ConfigTree tree = fromYaml("http:\n  prefix: \" \"\n  host:\nlog:\n  level: info\n");
        assertFalse(tree.isSet("http"));
        assertTrue(tree.isSet("log"));
        assertTrue(tree.isSet(""));
        assertTrue(new ConfigTree().leaves().isEmpty());
    }
}
