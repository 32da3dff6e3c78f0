package dev.wharf.storage.driver;

import java.time.Instant;

/**
 * What {@link StorageDriver#stat} knows of a path.
 *
 * @param path the path as given to the driver
 * @param size bytes in a file; 0 for a directory
 * @param modified last modification time
 * @param directory whether the path is a directory
 */
public record FileInfo(String path, long size, Instant modified, boolean directory) {}
