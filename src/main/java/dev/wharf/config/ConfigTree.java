package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All sources merged into one Jackson tree, key by key, with the source that set each leaf (a
 * scalar, a null, an empty mapping or list). Keys are dotted ({@code storage.delete.enabled}, list
 * elements numbered: {@code notifications.endpoints.0.url}); a key that itself contains a dot is
 * ambiguous in that form, which only affects how provenance is looked up, never the values. Never
 * leaves the package, because it holds secrets in clear.
 *
 * <p>The merge follows distribution's environment overrides: setting a key replaces whatever was
 * at that key (a whole subtree, if it was one), and a key below a scalar turns the scalar into a
 * mapping with the scalar as its only key. The second rule makes {@code REGISTRY_STORAGE=inmemory}
 * followed by {@code REGISTRY_STORAGE_DELETE_ENABLED=true} mean
 * {@code storage: {inmemory: {}, delete: {enabled: true}}}, as for distribution.
 */
final class ConfigTree {

    /** A leaf somebody set, and where. */
    record Leaf(JsonNode value, Origin origin) {}

    private final ObjectNode root = JsonNodeFactory.instance.objectNode();
    /** In the order they were set. */
    private final Map<String, Leaf> leaves = new LinkedHashMap<>();

    /** Lays {@code document} (a parsed YAML file) over the tree, every key of it from {@code origin}. */
    void merge(ObjectNode document, Origin origin) {
        merge(root, "", document, origin);
    }

    /**
     * Sets the key {@code parts} (at least one) to {@code value}, replacing what was there.
     *
     * @throws IllegalArgumentException when the path runs through a list with an index that is not
     *     a number or lies beyond the end of the list
     */
    void set(List<String> parts, JsonNode value, Origin origin) {
        JsonNode parent = root;
        String path = "";
        for (String part : parts.subList(0, parts.size() - 1)) {
            String here = join(path, part);
            path = here;
            JsonNode child = get(parent, part);
            if (child == null || child.isValueNode()) {
                ObjectNode mapping = JsonNodeFactory.instance.objectNode();
                Leaf scalar = leaves.get(path);
                leaves.keySet().removeIf(key -> within(key, here));
                if (child != null && !child.isNull() && !child.asText().isBlank() && scalar != null) {
                    String name = child.asText().strip();
                    leaves.put(join(path, name), new Leaf(mapping.putObject(name), scalar.origin()));
                }
                put(parent, part, path, mapping);
                child = mapping;
            }
            parent = child;
        }
        String last = parts.get(parts.size() - 1);
        replace(parent, last, join(path, last), value, origin);
    }

    /** The merged tree; callers must not modify it. */
    ObjectNode root() {
        return root;
    }

    /** The leaves somebody set, by dotted key, in the order they were set. */
    Map<String, Leaf> leaves() {
        return Collections.unmodifiableMap(leaves);
    }

    /** Whether some leaf at or below {@code key} holds something other than null or blank. */
    boolean isSet(String key) {
        return leaves.entrySet().stream().anyMatch(leaf -> within(leaf.getKey(), key) && !isBlank(leaf.getValue().value()));
    }

    /** The distinct origins of everything at or below {@code key}, in the order they were set. */
    Set<Origin> originsWithin(String key) {
        Set<Origin> found = new LinkedHashSet<>();
        leaves.forEach((leafKey, leaf) -> found.addAll(within(leafKey, key) ? Set.of(leaf.origin()) : Set.of()));
        return found;
    }

    /** {@code from file X} or {@code from file X and env Y}: everything that set {@code key}; {@code default} when nothing did. */
    String from(String key) {
        Set<Origin> origins = originsWithin(key);
        return origins.isEmpty() ? "default" : "from " + String.join(" and ", origins.stream().map(Origin::toString).toList());
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static boolean isBlank(JsonNode value) {
        return value.isNull() || (value.isTextual() && value.asText().isBlank());
    }

    private static boolean within(String key, String ancestor) {
        return ancestor.isEmpty() || key.equals(ancestor) || key.startsWith(ancestor + ".");
    }

    private void merge(ObjectNode target, String path, ObjectNode source, Origin origin) {
        source.properties().forEach(field -> {
            String key = join(path, field.getKey());
            if (target.get(field.getKey()) instanceof ObjectNode into
                    && field.getValue() instanceof ObjectNode from && !from.isEmpty()) {
                merge(into, key, from, origin);
            } else {
                replace(target, field.getKey(), key, field.getValue().deepCopy(), origin);
            }
        });
    }

    private void replace(JsonNode parent, String name, String key, JsonNode value, Origin origin) {
        leaves.keySet().removeIf(leaf -> within(leaf, key));
        put(parent, name, key, value);
        record(key, value, origin);
    }

    private void record(String key, JsonNode value, Origin origin) {
        if (value.isArray() && !value.isEmpty()) {
            for (int i = 0; i < value.size(); i++) {
                record(key + "." + i, value.get(i), origin);
            }
        } else if (value.isObject() && !value.isEmpty()) {
            value.properties().forEach(field -> record(join(key, field.getKey()), field.getValue(), origin));
        } else {
            leaves.put(key, new Leaf(value, origin));
        }
    }

    private static JsonNode get(JsonNode parent, String name) {
        return parent instanceof ArrayNode list ? list.get(index(name)) : parent.get(name);
    }

    private static void put(JsonNode parent, String name, String key, JsonNode value) {
        if (!(parent instanceof ArrayNode list)) {
            ((ObjectNode) parent).set(name, value);
            return;
        }
        // As in distribution: an index may replace an element or append one, nothing else.
        int index = index(name);
        if (index >= 0 && index < list.size()) {
            list.set(index, value);
        } else if (index == list.size()) {
            list.add(value);
        } else {
            throw new IllegalArgumentException(key + ": \"" + name + "\" is not an index of the list there, which has "
                    + list.size() + " entries (use 0 to " + list.size() + ")");
        }
    }

    private static int index(String name) {
        boolean number = !name.isEmpty() && name.length() <= 9 && name.chars().allMatch(Character::isDigit);
        return number ? Integer.parseInt(name) : -1;
    }
}
