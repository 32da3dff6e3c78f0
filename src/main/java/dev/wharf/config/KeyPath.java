package dev.wharf.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The path of a key in the configuration tree, e.g. {@code storage.filesystem.rootdirectory}.
 * A list rather than a dotted string because keys from YAML may themselves contain dots.
 */
record KeyPath(List<String> parts) {

    static final KeyPath ROOT = new KeyPath(List.of());

    KeyPath {
        parts = List.copyOf(parts);
    }

    static KeyPath of(String... parts) {
        return new KeyPath(List.of(parts));
    }

    KeyPath child(String name) {
        List<String> longer = new ArrayList<>(parts);
        longer.add(name);
        return new KeyPath(longer);
    }

    /** Whether this is {@code ancestor} or lies below it. */
    boolean within(KeyPath ancestor) {
        return parts.size() >= ancestor.parts.size()
                && parts.subList(0, ancestor.parts.size()).equals(ancestor.parts);
    }

    boolean isRoot() {
        return parts.isEmpty();
    }

    String last() {
        return parts.get(parts.size() - 1);
    }

    @Override
    public String toString() {
        return isRoot() ? "(top level)" : String.join(".", parts);
    }
}
