package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * All sources merged key by key, kept flat: each leaf (a scalar, a null, a list, an empty mapping)
 * under its key path with the source that set it; and the problems found with them, collected
 * rather than thrown so that an operator sees every one at once. Never leaves the package: it holds
 * secrets in clear.
 *
 * <p>The merge follows distribution's environment overrides: setting a key replaces whatever was
 * at or below it, and a key below a scalar turns the scalar into a mapping with the scalar as its
 * only key. The second rule makes {@code REGISTRY_STORAGE=inmemory} followed by
 * {@code REGISTRY_STORAGE_DELETE_ENABLED=true} mean
 * {@code storage: {inmemory: {}, delete: {enabled: true}}}, as for distribution. Lists are values
 * as a whole: no source sets one element of a list.
 */
final class ConfigTree {

    /** A leaf somebody set, and where. */
    record Leaf(JsonNode value, Origin origin) {}

    /** By key path, in the order they were set. */
    private final Map<List<String>, Leaf> leaves = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /** Lays {@code document} (a parsed YAML file) over the tree, every key of it from {@code origin}. */
    void merge(ObjectNode document, Origin origin) {
        merge(List.of(), document, origin);
    }

    /** Sets the key {@code path} (at least one part) to {@code value}, replacing what was at or below it. */
    void set(List<String> path, JsonNode value, Origin origin) {
        for (int i = 1; i < path.size(); i++) {
            Leaf above = leaves.remove(path.subList(0, i));
            if (above != null && above.value().isValueNode() && !isBlank(above.value())) {
                leaves.put(Stream.concat(path.subList(0, i).stream(), Stream.of(above.value().asText().strip())).toList(),
                        new Leaf(JsonNodeFactory.instance.objectNode(), above.origin()));
            }
        }
        leaves.keySet().removeIf(key -> key.size() >= path.size() && key.subList(0, path.size()).equals(path));
        leaves.put(List.copyOf(path), new Leaf(value, origin));
    }

    /** The merged tree, built afresh: blank text is null (distribution's "unset"), other text stripped. */
    ObjectNode root() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        leaves.forEach((path, leaf) -> {
            ObjectNode parent = root;
            for (String part : path.subList(0, path.size() - 1)) {
                parent = parent.get(part) instanceof ObjectNode child ? child : parent.putObject(part);
            }
            JsonNode value = leaf.value();
            parent.set(path.get(path.size() - 1), isBlank(value) ? NullNode.instance
                    : value.isTextual() ? TextNode.valueOf(value.asText().strip()) : value.deepCopy());
        });
        return root;
    }

    /** The leaves by key path, in the order they were set. */
    Map<List<String>, Leaf> leaves() {
        return Collections.unmodifiableMap(leaves);
    }

    /** Whether some leaf at or below the dotted {@code key} holds something other than null or blank. */
    boolean isSet(String key) {
        return leaves.entrySet().stream().anyMatch(leaf -> within(leaf.getKey(), key) && !isBlank(leaf.getValue().value()));
    }

    /** The distinct origins of everything at or below the dotted {@code key}, in the order they were set. */
    Set<Origin> originsWithin(String key) {
        return leaves.entrySet().stream().filter(leaf -> within(leaf.getKey(), key)).map(leaf -> leaf.getValue().origin())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Adds a problem that concerns no single key that was set: a source that cannot be read, a default that cannot be derived. */
    void problem(String problem) {
        problems.add(problem);
    }

    /**
     * Adds {@code storage.delete.enabled (from env X) is "maybe", but must be true or false}.
     *
     * @param value shown quoted (or redacted) after "is"; null to leave out "is ...,"
     * @param what the rest of the sentence: what is wrong and how to fix it
     */
    void problem(String key, Object value, String what) {
        problems.add(describe(key) + (value == null ? " " : " is " + Secrets.show(key, value.toString()) + ", ") + what);
    }

    /** {@code key (from file X and env Y)}, naming everything that set it, or {@code key (default)}. */
    String describe(String key) {
        String origins = originsWithin(key).stream().map(Origin::toString).collect(Collectors.joining(" and "));
        return key + (origins.isEmpty() ? " (default)" : " (from " + origins + ")");
    }

    /** @throws ConfigException listing every problem, if there is any */
    void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw failure();
        }
    }

    /** The exception listing every problem so far; there must be one. */
    ConfigException failure() {
        return new ConfigException(problems);
    }

    static boolean isBlank(JsonNode value) {
        return value.isNull() || (value.isTextual() && value.asText().isBlank());
    }

    private static boolean within(List<String> path, String key) {
        String dotted = String.join(".", path);
        return key.isEmpty() || dotted.equals(key) || dotted.startsWith(key + ".");
    }

    private void merge(List<String> path, JsonNode node, Origin origin) {
        if (node.isObject() && !node.isEmpty()) {
            node.properties().forEach(field -> merge(Stream.concat(path.stream(), Stream.of(field.getKey())).toList(),
                    field.getValue(), origin));
        } else if (!path.isEmpty()) {
            set(path, node, origin);
        }
    }
}
