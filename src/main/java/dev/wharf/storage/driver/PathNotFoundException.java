package dev.wharf.storage.driver;

import java.io.IOException;

/** Nothing exists at a path that an operation needs. */
public class PathNotFoundException extends IOException {
    private final String path;

    /** @param path the driver path where nothing was found */
    public PathNotFoundException(String path) {
        super("no such storage path: " + path);
        this.path = path;
    }

    /**
     * @param path the driver path where nothing was found
     * @param cause what the underlying store reported (a {@code NoSuchFileException}, say)
     */
    public PathNotFoundException(String path, Throwable cause) {
        this(path);
        initCause(cause);
    }

    /** The driver path where nothing was found. */
    public String path() {
        return path;
    }
}
