package dev.wharf.storage.driver;

/**
 * A path that breaks the driver's path rules (see {@link StorageDriver}). Always a bug in the
 * caller, since request input reaches the driver only through validated domain types.
 */
public class InvalidPathException extends IllegalArgumentException {
    public InvalidPathException(String path) {
        super("invalid storage path: " + path);
    }
}
