package dev.wharf.storage.driver;

import java.io.IOException;

/** Nothing exists at a path that an operation needs. */
public class PathNotFoundException extends IOException {
    private final String path;

    public PathNotFoundException(String path) {
        super("no such storage path: " + path);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
