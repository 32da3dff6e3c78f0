package dev.wharf.storage.driver.filesystem;

import dev.wharf.storage.driver.FileInfo;
import dev.wharf.storage.driver.FileWriter;
import dev.wharf.storage.driver.OpenFile;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.StoragePathRules;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

/**
 * A {@link StorageDriver} on a local directory, laid out exactly as distribution's filesystem
 * driver lays it out: driver path {@code /docker/registry/v2/...} is file {@code
 * <root>/docker/registry/v2/...}. An existing distribution data directory therefore works as is,
 * and distribution can read one that Wharf wrote.
 *
 * <p>{@link #putContent} writes a scratch file named {@code .tmp-<uuid>} next to the target,
 * fsyncs it and renames it into place, so a reader or a crash never sees a partial file. Such
 * names are reserved by {@link StoragePathRules}, so {@link #list} and {@link #walk} skip the
 * ones a crash leaves behind; they go away when their directory is deleted. Entries whose names
 * are not valid path names (a {@code lost+found} at a mount point, say) are skipped likewise,
 * since no caller could address them.
 *
 * <p>Paths cannot leave the root lexically ({@code ..} is refused). As defence in depth, every
 * operation also checks that the real location, after symbolic links, is inside the root, and
 * refuses with {@link AccessDeniedException} otherwise: symbolic links inside the root that
 * point inside the root work, links that point outside or nowhere are refused. (A symbolic link
 * <em>as</em> the root is fine: the root is resolved once, at construction.) This is a check,
 * not a sandbox: someone who can plant links in the root while Wharf runs can race it.
 */
public final class FilesystemDriver implements StorageDriver {

    private final StorageRoot root;
    private final DirectoryListing listing;

    /**
     * Opens (and creates, if missing) the storage root. Distribution creates it on the first
     * write instead; creating it here makes a root that can never work (a file, no permission)
     * fail at startup rather than at the first push.
     *
     * @param root the directory holding the data, as {@code storage.filesystem.rootdirectory}
     * @throws IOException if the root cannot be created or is not a directory
     */
    public FilesystemDriver(Path root) throws IOException {
        Objects.requireNonNull(root, "root");
        this.root = StorageRoot.open(root);
        this.listing = new DirectoryListing(this.root);
    }

    /** The real path of the storage root. */
    public Path root() {
        return root.path();
    }

    @Override
    public String name() {
        return "filesystem";
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        StoragePathRules.requireNonRoot(path);
        Path file = root.existingFile(path);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PathNotFoundException(path, e);
        }
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        StoragePathRules.requireNonRoot(path);
        Objects.requireNonNull(content, "content");
        Path target = root.writable(path);
        FileChannels.replaceAtomically(
                target, channel -> FileChannels.writeFully(channel, ByteBuffer.wrap(content)));
    }

    @Override
    public OpenFile open(String path) throws IOException {
        StoragePathRules.requireNonRoot(path);
        // One real-path check serves the size and the bytes: the size comes from the opened channel.
        Path file = root.existingFile(path);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new PathNotFoundException(path, e);
        }
        return ChannelOpenFile.of(path, channel);
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        StoragePathRules.requireNonRoot(path);
        return ChannelWriter.open(path, root.writable(path), append);
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        StoragePathRules.requireValid(path);
        return DirectoryListing.info(path, root.existing(path));
    }

    @Override
    public List<String> list(String path) throws IOException {
        StoragePathRules.requireValid(path);
        return listing.list(path);
    }

    @Override
    public void move(String source, String destination) throws IOException {
        StoragePathRules.requireNonRoot(source);
        StoragePathRules.requireNonRoot(destination);
        // The lexical path, not the real one: moving a link moves the link, as mv does.
        root.existingFile(source);
        Path from = root.lexical(source);
        Path to = root.writable(destination);
        Files.createDirectories(to.getParent());
        try {
            // On POSIX an atomic move is rename(2), which replaces an existing file atomically.
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Another file system mounted below the root: copy next to the destination, then
            // rename, which keeps the destination atomic; only then drop the source.
            moveAcrossFileSystems(source, from, to);
            return;
        } catch (NoSuchFileException e) {
            if (Files.notExists(from, LinkOption.NOFOLLOW_LINKS)) {
                throw new PathNotFoundException(source, e);
            }
            throw e;
        }
        FileChannels.syncDirectory(to.getParent());
    }

    private static void moveAcrossFileSystems(String source, Path from, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
            FileChannels.replaceAtomically(to, out -> {
                long size = in.size();
                long done = 0;
                while (done < size) {
                    done += in.transferTo(done, size - done, out);
                }
            });
        } catch (NoSuchFileException e) {
            if (Files.notExists(from, LinkOption.NOFOLLOW_LINKS)) {
                throw new PathNotFoundException(source, e);
            }
            throw e;
        }
        Files.deleteIfExists(from);
    }

    @Override
    public void delete(String path) throws IOException {
        StoragePathRules.requireNonRoot(path);
        root.existing(path);
        // walkFileTree does not follow links, so a link is deleted, never what it points to.
        Files.walkFileTree(root.lexical(path), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                // Deleted by someone else meanwhile: that is what we wanted anyway.
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void walk(String path, Visitor visitor) throws IOException {
        StoragePathRules.requireValid(path);
        Objects.requireNonNull(visitor, "visitor");
        listing.walk(path, visitor);
    }
}
