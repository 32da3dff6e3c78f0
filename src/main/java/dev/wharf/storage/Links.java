package dev.wharf.storage;

import dev.wharf.domain.Digest;
import dev.wharf.domain.InvalidValueException;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.logging.Logger;

/** Reads and writes link files: a digest string, as distribution writes them. */
final class Links {
    private static final Logger LOG = Logger.getLogger(Links.class.getName());
    private final StorageDriver driver;

    Links(StorageDriver driver) {
        this.driver = driver;
    }

    /** The digest a link holds; empty when the link does not exist or is unreadable. */
    Optional<Digest> read(String path) throws IOException {
        byte[] content;
        try {
            content = driver.getContent(path);
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
        String text = new String(content, StandardCharsets.UTF_8).trim();
        try {
            return Optional.of(Digest.parse(text));
        } catch (InvalidValueException e) {
            // A damaged link must not fail every request that touches it; treat it as absent.
            LOG.warning("ignoring storage link " + path + " whose content is not a digest: " + e.getMessage());
            return Optional.empty();
        }
    }

    boolean exists(String path) throws IOException {
        return read(path).isPresent();
    }

    void write(String path, Digest digest) throws IOException {
        driver.putContent(path, digest.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the directory holding a link; false when it was not there. */
    boolean deleteIfExists(String path) throws IOException {
        return driver.deleteIfExists(path);
    }
}
