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

    /** The section as written: a key naming the driver, holding its parameters (which driver is checked before binding). */
    record Keys(Filesystem filesystem, Inmemory inmemory, Toggle delete, MaintenanceConfig maintenance) {
        /** The root directory is null until the loader supplies the default. */
        StorageConfig config() {
            boolean delete = this.delete != null && Boolean.TRUE.equals(this.delete.enabled());
            if (inmemory != null && filesystem == null) {
                return new StorageConfig(Driver.INMEMORY, null, delete);
            }
            return new StorageConfig(Driver.FILESYSTEM, filesystem == null ? null : filesystem.rootdirectory(), delete);
        }
    }

    record Filesystem(Path rootdirectory) {}

    record Inmemory() {}

    /** A section whose only key is {@code enabled}: {@code storage.delete}, {@code storage.maintenance.readonly}. */
    record Toggle(Boolean enabled) {}

    void check(ConfigTree tree) {
        if (rootDirectory != null && !rootDirectory.isAbsolute()) {
            tree.problem("storage.filesystem.rootdirectory", rootDirectory, "which is not an absolute path; set it to an"
                    + " absolute directory such as /var/lib/registry (a relative path would depend on the server's"
                    + " working directory" + (rootDirectory.toString().startsWith("~") ? ", and ~ is not expanded" : "")
                    + ")");
        }
    }
}
