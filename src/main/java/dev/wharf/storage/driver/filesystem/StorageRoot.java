package dev.wharf.storage.driver.filesystem;

import dev.wharf.storage.driver.InvalidPathException;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StoragePathRules;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;

/**
 * Where driver paths lie under the storage root, and the check that they really lie inside it:
 * the defence in depth against symbolic links that {@link FilesystemDriver} describes. Every
 * lookup that finds something resolves its real path and refuses with {@link
 * AccessDeniedException} one that leads outside the root; every write first checks the deepest
 * ancestor that exists.
 */
final class StorageRoot {

    private final Path root;

    private StorageRoot(Path root) {
        this.root = root;
    }

    /**
     * Creates {@code root} if missing and resolves it once, so that a symbolic link <em>as</em>
     * the root is fine.
     *
     * @throws IOException if the root cannot be created or is not a directory
     */
    static StorageRoot open(Path root) throws IOException {
        Files.createDirectories(root);
        Path real = root.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new NotDirectoryException(root.toString());
        }
        return new StorageRoot(real);
    }

    /** The real path of the root. */
    Path path() {
        return root;
    }

    /** Where {@code path} lies under the root, by its names alone. */
    Path lexical(String path) {
        Path resolved = path.equals(StoragePathRules.ROOT) ? root : root.resolve(path.substring(1));
        // Cannot fail for a valid path; kept so a future change to the rules cannot open a hole.
        if (!resolved.normalize().startsWith(root)) {
            throw new InvalidPathException(path);
        }
        return resolved;
    }

    /** The attributes of what exists at {@code path}, after checking it lies inside the root. */
    BasicFileAttributes existing(String path) throws IOException {
        Path real = realPathOrNull(lexical(path));
        if (real == null) {
            throw new PathNotFoundException(path);
        }
        requireInsideRoot(real, path);
        try {
            return Files.readAttributes(real, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new PathNotFoundException(path, e);
        }
    }

    /** The real path of the regular file at {@code path}. */
    Path existingFile(String path) throws IOException {
        return existingOfKind(path, Files::isRegularFile);
    }

    /** The real path of the directory at {@code path}. */
    Path existingDirectory(String path) throws IOException {
        return existingOfKind(path, Files::isDirectory);
    }

    /**
     * The real path of what exists at {@code path}, after checking it lies inside the root and
     * passes {@code kind}; {@link PathNotFoundException} if nothing is there or it is of another kind.
     */
    private Path existingOfKind(String path, Predicate<Path> kind) throws IOException {
        Path real = realPathOrNull(lexical(path));
        if (real == null) {
            throw new PathNotFoundException(path);
        }
        requireInsideRoot(real, path);
        if (!kind.test(real)) {
            throw new PathNotFoundException(path);
        }
        return real;
    }

    /**
     * The lexical location of {@code path}, after checking that its deepest existing ancestor
     * really lies inside the root, so that creating what is missing below it cannot land
     * outside.
     */
    Path writable(String path) throws IOException {
        Path target = lexical(path);
        for (Path p = target; p != null; p = p.getParent()) {
            // Which ancestor exists is found by lstat, a fraction of the cost of resolving a real
            // path (every component readlink'ed): only that ancestor pays for toRealPath.
            if (!existsNoFollow(p)) {
                if (p.equals(root)) {
                    throw new NoSuchFileException(root.toString(), null, "storage root has disappeared");
                }
                continue;
            }
            try {
                requireInsideRoot(p.toRealPath(), path);
                return target;
            } catch (NoSuchFileException e) {
                if (Files.isSymbolicLink(p)) {
                    // A dangling link: writing through it would create its target, wherever that is.
                    throw new AccessDeniedException(path, null, "dangling symbolic link in storage path");
                }
                // Deleted since the lstat: an ancestor further up decides.
            }
        }
        throw new IllegalStateException("unreachable: the root is an ancestor of " + target);
    }

    /** Whether something, a symbolic link included, is at {@code p}; a file in the way is an error. */
    private static boolean existsNoFollow(Path p) throws IOException {
        try {
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void requireInsideRoot(Path real, String path) throws AccessDeniedException {
        if (!real.startsWith(root)) {
            throw new AccessDeniedException(path, null, "resolves outside the storage root");
        }
    }

    /** The real path of {@code p}, or null when nothing exists there. */
    private Path realPathOrNull(Path p) throws IOException {
        try {
            return p.toRealPath();
        } catch (NoSuchFileException e) {
            return null;
        } catch (AccessDeniedException e) {
            throw e;
        } catch (FileSystemException e) {
            // ENOTDIR, which Java reports only as a bare FileSystemException: an ancestor is a
            // file, so nothing can exist at p.
            if (hasFileAncestor(p)) {
                return null;
            }
            throw e;
        }
    }

    private boolean hasFileAncestor(Path p) {
        for (Path a = p.getParent(); a != null && a.startsWith(root); a = a.getParent()) {
            if (Files.exists(a) && !Files.isDirectory(a)) {
                return true;
            }
        }
        return false;
    }
}
