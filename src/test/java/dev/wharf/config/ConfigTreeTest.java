package dev.wharf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
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

    @Test
    void settingALeafKeepsItsSiblings() throws Exception {
        ConfigTree tree = fromYaml("storage:\n  filesystem:\n    rootdirectory: /a\n    maxthreads: 100\n");
        Origin env = Origin.env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY");
        tree.set(KeyPath.of("storage", "filesystem", "rootdirectory"), TextNode.valueOf("/b"), env);

        assertEquals("/b", tree.node(KeyPath.of("storage", "filesystem", "rootdirectory")).asText());
        assertEquals(100, tree.node(KeyPath.of("storage", "filesystem", "maxthreads")).asInt());
        assertEquals(env, tree.originOf(KeyPath.of("storage", "filesystem", "rootdirectory")));
        assertEquals(FILE, tree.originOf(KeyPath.of("storage", "filesystem", "maxthreads")));
    }

    @Test
    void settingASectionReplacesItsWholeSubtreeAndOrigins() throws Exception {
        ConfigTree tree = fromYaml("storage:\n  filesystem:\n    rootdirectory: /a\n  delete:\n    enabled: true\n");
        tree.set(KeyPath.of("storage"), TextNode.valueOf("inmemory"), Origin.env("REGISTRY_STORAGE"));

        assertEquals("inmemory", tree.node(KeyPath.of("storage")).asText());
        assertNull(tree.originOf(KeyPath.of("storage", "filesystem", "rootdirectory")));
        assertEquals(Set.of(Origin.env("REGISTRY_STORAGE")), tree.originsWithin(KeyPath.of("storage")));
    }

    @Test
    void keyBelowAScalarTurnsTheScalarIntoAKey() {
        ConfigTree tree = new ConfigTree();
        tree.set(KeyPath.of("storage"), TextNode.valueOf("inmemory"), Origin.env("REGISTRY_STORAGE"));
        tree.set(KeyPath.of("storage", "delete", "enabled"), TextNode.valueOf("true"),
                Origin.env("REGISTRY_STORAGE_DELETE_ENABLED"));

        assertEquals("{\"inmemory\":{},\"delete\":{\"enabled\":\"true\"}}", tree.node(KeyPath.of("storage")).toString());
        assertEquals(Origin.env("REGISTRY_STORAGE"), tree.originOf(KeyPath.of("storage", "inmemory")));
        assertEquals(Map.of(
                        KeyPath.of("storage", "inmemory"), Origin.env("REGISTRY_STORAGE"),
                        KeyPath.of("storage", "delete", "enabled"), Origin.env("REGISTRY_STORAGE_DELETE_ENABLED")),
                tree.leaves());
    }

    @Test
    void indexesReplaceOrAppendListEntries() throws Exception {
        ConfigTree tree = fromYaml("notifications:\n  endpoints:\n    - name: a\n");
        tree.set(KeyPath.of("notifications", "endpoints", "0", "name"), TextNode.valueOf("b"), Origin.env("X"));
        tree.set(KeyPath.of("notifications", "endpoints", "1"), TextNode.valueOf("c"), Origin.env("Y"));

        assertEquals("[{\"name\":\"b\"},\"c\"]", tree.node(KeyPath.of("notifications", "endpoints")).toString());
        assertThrows(IllegalArgumentException.class, () -> tree.set(
                KeyPath.of("notifications", "endpoints", "5"), TextNode.valueOf("d"), Origin.env("Z")));
    }

    @Test
    void emptyTreeKnowsItIsEmpty() throws Exception {
        assertEquals(true, new ConfigTree().isEmpty());
        assertEquals(false, fromYaml("log:\n  level: info\n").isEmpty());
    }
}
