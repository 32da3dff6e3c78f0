package dev.wharf.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems with configuration values, collected rather than thrown so that an operator sees
 * every one at once. Each names the key, where it was set and, unless it may be a secret, the value.
 */
final class Problems {

    private final ConfigTree tree;
    private final List<String> found = new ArrayList<>();

    Problems(ConfigTree tree) {
        this.tree = tree;
    }

    /** A problem that concerns no single key that was set, e.g. one whose default cannot be derived. */
    void add(String problem) {
        found.add(problem);
    }

    /**
     * Adds {@code storage.delete.enabled (from env X) is "maybe", but must be true or false}.
     *
     * @param value shown quoted (or redacted) after "is"; null to leave out "is ...,"
     * @param what the rest of the sentence: what is wrong and how to fix it
     */
    void add(String key, Object value, String what) {
        found.add(describe(key) + (value == null ? " " : " is " + Secrets.show(key, value.toString()) + ", ") + what);
    }

    /** {@code storage.filesystem.rootdirectory (from env REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY)}. */
    String describe(String key) {
        return key + " (" + tree.from(key) + ")";
    }

    /** Whether somebody set a value at or below {@code key}. */
    boolean isSet(String key) {
        return tree.isSet(key);
    }

    /** @throws ConfigException listing every problem, if there is any */
    void throwIfAny() {
        if (!found.isEmpty()) {
            throw failure();
        }
    }

    /** The exception listing every problem; there must be one. */
    ConfigException failure() {
        return new ConfigException(found);
    }
}
