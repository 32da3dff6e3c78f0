package dev.wharf.storage.driver.inmemory;

import java.time.Instant;
import java.util.TreeMap;

/**
 * A directory of the in-memory tree. Its children are guarded by the {@link FileTree}'s lock;
 * {@code modified} is volatile so that {@code stat} can read it after unlocking.
 */
final class Directory implements Node {
    /** The entries by name, in lexical order. */
    final TreeMap<String, Node> children = new TreeMap<>();

    /** When {@link #children} last changed. */
    volatile Instant modified = Instant.now();

    /** Records a change to {@link #children}. */
    void touch() {
        modified = Instant.now();
    }
}
