package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The configuration merged from all sources, key by key, together with which source set each
 * key. Mutable while the loader fills it, then only read; never leaves the package, because it
 * holds secrets in clear.
 *
 * <p>The merge follows distribution's environment overrides: setting a key replaces whatever was
 * at that key (a whole subtree, if it was one), and a key below a scalar turns the scalar into a
 * mapping with the scalar as its only key. The second rule is what makes
 * {@code REGISTRY_STORAGE=inmemory} followed by {@code REGISTRY_STORAGE_DELETE_ENABLED=true} mean
 * {@code storage: {inmemory: {}, delete: {enabled: true}}}, as it does for distribution, whose
 * {@code storage} and {@code auth} sections read a plain string as "this driver, no parameters".
 */
final class ConfigTree {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode root = NODES.objectNode();
    /** Origins of the leaves (scalars, nulls, empty mappings and lists), in the order they were set. */
    private final Map<KeyPath, Origin> origins = new LinkedHashMap<>();

    /** Lays {@code document} (a parsed YAML file) over the tree, every key of it from {@code origin}. */
    void merge(ObjectNode document, Origin origin) {
        mergeInto(root, KeyPath.ROOT, document, origin);
    }

    /**
     * Sets the key {@code path} to {@code value}, replacing what was there.
     *
     * @throws IllegalArgumentException when the path runs through a list with an index that is not
     *     a number or lies beyond the end of the list
     */
    void set(KeyPath path, JsonNode value, Origin origin) {
        if (path.isRoot()) {
            throw new IllegalArgumentException("cannot replace the whole configuration");
        }
        JsonNode parent = root;
        KeyPath parentPath = KeyPath.ROOT;
        for (String part : path.parts().subList(0, path.parts().size() - 1)) {
            KeyPath childPath = parentPath.child(part);
            JsonNode child = get(parent, part);
            if (!(child instanceof ObjectNode || child instanceof ArrayNode)) {
                ObjectNode mapping = NODES.objectNode();
                Origin scalarOrigin = origins.get(childPath);
                removeOrigins(childPath);
                if (child != null && child.isValueNode() && !child.asText().isBlank()) {
                    mapping.putObject(child.asText());
                    origins.put(childPath.child(child.asText()), scalarOrigin);
                }
                put(parent, part, childPath, mapping);
                child = mapping;
            }
            parent = child;
            parentPath = childPath;
        }
        replace(parent, path.last(), path, value, origin);
    }

    /** The merged tree; callers must not modify it. */
    ObjectNode root() {
        return root;
    }

    /** Whether no source set anything at all. */
    boolean isEmpty() {
        return origins.isEmpty();
    }

    /** The origin of the leaf at {@code path}, or null when that is not a leaf somebody set. */
    Origin originOf(KeyPath path) {
        return origins.get(path);
    }

    /** The distinct origins of everything at or below {@code path}, in the order they were set. */
    Set<Origin> originsWithin(KeyPath path) {
        Set<Origin> found = new LinkedHashSet<>();
        origins.forEach((key, origin) -> {
            if (key.within(path)) {
                found.add(origin);
            }
        });
        return found;
    }

    /** The leaves somebody set, with their origins, in the order they were set. */
    Map<KeyPath, Origin> leaves() {
        return Collections.unmodifiableMap(origins);
    }

    /** The node at {@code path}, or null. */
    JsonNode node(KeyPath path) {
        JsonNode node = root;
        for (String part : path.parts()) {
            node = get(node, part);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private void mergeInto(ObjectNode target, KeyPath path, ObjectNode source, Origin origin) {
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            KeyPath childPath = path.child(field.getKey());
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode into
                    && field.getValue() instanceof ObjectNode from
                    && !from.isEmpty()) {
                mergeInto(into, childPath, from, origin);
            } else {
                replace(target, field.getKey(), childPath, field.getValue().deepCopy(), origin);
            }
        }
    }

    private void replace(JsonNode parent, String key, KeyPath path, JsonNode value, Origin origin) {
        removeOrigins(path);
        put(parent, key, path, value);
        recordLeaves(path, value, origin);
    }

    private void recordLeaves(KeyPath path, JsonNode value, Origin origin) {
        if (value instanceof ObjectNode mapping && !mapping.isEmpty()) {
            for (Map.Entry<String, JsonNode> field : mapping.properties()) {
                recordLeaves(path.child(field.getKey()), field.getValue(), origin);
            }
        } else if (value instanceof ArrayNode list && !list.isEmpty()) {
            for (int i = 0; i < list.size(); i++) {
                recordLeaves(path.child(Integer.toString(i)), list.get(i), origin);
            }
        } else {
            origins.put(path, origin);
        }
    }

    private void removeOrigins(KeyPath path) {
        for (Iterator<KeyPath> keys = origins.keySet().iterator(); keys.hasNext(); ) {
            if (keys.next().within(path)) {
                keys.remove();
            }
        }
    }

    private static JsonNode get(JsonNode parent, String key) {
        if (parent instanceof ArrayNode list) {
            int index = index(key);
            return index >= 0 && index < list.size() ? list.get(index) : null;
        }
        return parent.get(key);
    }

    private static void put(JsonNode parent, String key, KeyPath path, JsonNode value) {
        if (parent instanceof ArrayNode list) {
            // As in distribution: an index may replace an element or append one, nothing else.
            int index = index(key);
            if (index >= 0 && index < list.size()) {
                list.set(index, value);
            } else if (index == list.size()) {
                list.add(value);
            } else {
                throw new IllegalArgumentException(path + ": \"" + key + "\" is not an index of the list "
                        + "there, which has " + list.size() + " entries (use 0 to " + list.size() + ")");
            }
        } else {
            ((ObjectNode) parent).set(key, value);
        }
    }

    private static int index(String key) {
        if (key.isEmpty() || key.length() > 9 || !key.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(key);
    }
}
