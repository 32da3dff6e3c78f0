package dev.wharf.config;

import java.nio.file.Path;

/**
 * The {@code storage} section.
 *
 * @param driver which storage driver: {@code storage.filesystem} or {@code storage.inmemory}
 * @param rootDirectory {@code storage.filesystem.rootdirectory}, absolute; null for {@code inmemory}
 * @param deleteEnabled {@code storage.delete.enabled}: whether manifests and blobs may be
 *     deleted, default false as in distribution
 */
public record StorageConfig(Driver driver, Path rootDirectory, boolean deleteEnabled) {

    /** The storage drivers Wharf has. */
    public enum Driver {
        FILESYSTEM,
        INMEMORY
    }
}
