package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A mapping in the merged configuration, as a section reader sees it: typed getters that convert
 * strings from JNDI and the environment the way YAML would, remember which keys were used and
 * where each value came from, and turn type mismatches into problems that name key and source.
 */
final class Section {

    private final Reading reading;
    private final KeyPath path;
    private final ObjectNode node;

    Section(Reading reading, KeyPath path, ObjectNode node) {
        this.reading = reading;
        this.path = path;
        this.node = node;
    }

    KeyPath path(String key) {
        return path.child(key);
    }

    /** The keys of this mapping, in the order they were set. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.properties().forEach(field -> keys.add(field.getKey()));
        return keys;
    }

    /** The raw node at {@code key}, or null; does not count as a use. */
    JsonNode raw(String key) {
        return node.get(key);
    }

    /** Counts {@code key} and all below it as used, so that it is not reported as ignored. */
    void use(String key) {
        reading.use(path(key));
    }

    /**
     * The mapping at {@code key}. An absent, null or empty value is an empty mapping, so that
     * {@code inmemory:} and {@code REGISTRY_STORAGE_INMEMORY=} both mean "no parameters".
     *
     * @return empty when {@code key} is absent, or holds something other than a mapping (a
     *     problem is then recorded)
     */
    Optional<Section> section(String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return Optional.empty();
        }
        KeyPath child = path(key);
        reading.enter(child);
        if (value instanceof ObjectNode mapping) {
            return Optional.of(new Section(reading, child, mapping));
        }
        if (value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            return Optional.of(new Section(reading, child, reading.tree().root().objectNode()));
        }
        reading.use(child);
        problem(key, "must be a mapping of keys below it, but is "
                + (value.isValueNode() ? Secrets.show(child, value.asText()) : "a list"));
        return Optional.empty();
    }

    /**
     * The single value at {@code key} as text. Absent, null and blank values count as unset, as in
     * distribution, where they decode to the zero value and the default applies.
     */
    Optional<String> text(String key) {
        JsonNode value = node.get(key);
        KeyPath child = path(key);
        if (value == null) {
            return Optional.empty();
        }
        reading.use(child);
        if (value.isContainerNode()) {
            problem(key, "must be a single value, but is a " + (value.isArray() ? "list" : "mapping"));
            return Optional.empty();
        }
        if (value.isNull() || value.asText().isBlank()) {
            return Optional.empty();
        }
        reading.settle(child, origin(child));
        return Optional.of(value.asText().strip());
    }

    /** {@link #text(String)}, or {@code defaultValue}, whose origin is recorded as the default. */
    String text(String key, String defaultValue) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            reading.settle(path(key), reading.defaultOrigin());
        }
        return value.orElse(defaultValue);
    }

    /**
     * The boolean at {@code key}, or {@code defaultValue}. Accepts what distribution's YAML library
     * accepts for a boolean field (true/false, yes/no, on/off, y/n, any case), because from JNDI
     * and the environment every value arrives as a string.
     */
    boolean bool(String key, boolean defaultValue) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            reading.settle(path(key), reading.defaultOrigin());
            return defaultValue;
        }
        switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "y":
                return true;
            case "false", "no", "off", "n":
                return false;
            default:
                problem(key, "is " + Secrets.show(path(key), value.get()) + ", but must be true or false");
                return defaultValue;
        }
    }

    /** Records a problem that concerns no single key that was set, e.g. one whose default cannot be derived. */
    void problem(String problem) {
        reading.problem(problem);
    }

    /** Records a problem with {@code key}, prefixed with the key and where it was set. */
    void problem(String key, String what) {
        reading.problem(describe(key) + " " + what);
    }

    /** {@code storage.filesystem.rootdirectory (from env REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY)}. */
    String describe(String key) {
        return path(key) + " (" + reading.from(path(key)) + ")";
    }

    /** {@code value} quoted for a message, or redacted when {@code key} may hold a secret. */
    String show(String key, String value) {
        return Secrets.show(path(key), value);
    }

    /** Records that the value Wharf uses for {@code key} came from {@code origin}. */
    void settle(String key, Origin origin) {
        reading.settle(path(key), origin);
    }

    /** Records that the value Wharf uses for {@code key}, a path from the top, came from {@code origin}. */
    void settle(KeyPath key, Origin origin) {
        reading.settle(key, origin);
    }

    /** Where {@code key} (or, for a mapping, the most recent thing below it) was set. */
    Origin origin(String key) {
        return origin(path(key));
    }

    /** Why a default applies here. */
    Origin defaultOrigin() {
        return reading.defaultOrigin();
    }

    private Origin origin(KeyPath key) {
        Origin exact = reading.tree().originOf(key);
        if (exact != null) {
            return exact;
        }
        Origin latest = null;
        for (Origin origin : reading.tree().originsWithin(key)) {
            latest = origin;
        }
        return latest != null ? latest : reading.defaultOrigin();
    }
}
