package dev.wharf.storage.driver.filesystem;

import dev.wharf.storage.driver.FileInfo;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.StorageDriver.Visitor;
import dev.wharf.storage.driver.StoragePathRules;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The filesystem driver's {@code list} and {@code walk}: directory entries in lexical order,
 * leaving out the names no caller could address (scratch files a crash left behind, a {@code
 * lost+found}), and tolerating entries that disappear while they are read.
 */
final class DirectoryListing {

    private final StorageRoot root;

    DirectoryListing(StorageRoot root) {
        this.root = root;
    }

    /** The paths of the entries of directory {@code path}, which is valid. */
    List<String> list(String path) throws IOException {
        List<String> names = namesIn(path, root.existingDirectory(path));
        List<String> paths = new ArrayList<>(names.size());
        for (String name : names) {
            paths.add(StoragePathRules.child(path, name));
        }
        return paths;
    }

    /** Visits everything below directory {@code path}, which is valid, as {@link StorageDriver#walk}. */
    void walk(String path, Visitor visitor) throws IOException {
        Path directory = root.existingDirectory(path);
        walkChildren(path, directory, namesIn(path, directory), visitor);
    }

    /** The entries of {@code directory}, found at {@code path}; gone or replaced meanwhile is not found. */
    private static List<String> namesIn(String path, Path directory) throws IOException {
        try {
            return childNames(directory);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new PathNotFoundException(path, e);
        }
    }

    private void walkChildren(String path, Path directory, List<String> names, Visitor visitor)
            throws IOException {
        for (String name : names) {
            String childPath = StoragePathRules.child(path, name);
            Path child = directory.resolve(name);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attrs.isSymbolicLink()) {
                    // Rare, so only links pay for the full real-path check.
                    attrs = root.existing(childPath);
                }
            } catch (NoSuchFileException | PathNotFoundException e) {
                continue; // deleted while we walk
            }
            boolean descend = visitor.visit(info(childPath, attrs));
            if (attrs.isDirectory() && descend) {
                List<String> grandchildren;
                try {
                    grandchildren = childNames(child);
                } catch (NoSuchFileException | NotDirectoryException e) {
                    continue; // deleted or replaced while we walk
                }
                walkChildren(childPath, child, grandchildren, visitor);
            }
        }
    }

    /** Names in {@code directory} that a caller could address, sorted. */
    private static List<String> childNames(Path directory) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (StoragePathRules.isValidName(name)) {
                    names.add(name);
                }
            }
        }
        Collections.sort(names);
        return names;
    }

    /** What the driver tells of the file or directory at {@code path} with attributes {@code attrs}. */
    static FileInfo info(String path, BasicFileAttributes attrs) {
        return new FileInfo(
                path,
                attrs.isDirectory() ? 0 : attrs.size(),
                attrs.lastModifiedTime().toInstant(),
                attrs.isDirectory());
    }
}
