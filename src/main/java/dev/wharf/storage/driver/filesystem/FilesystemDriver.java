package dev.wharf.storage.driver.filesystem;

import dev.wharf.storage.driver.AbstractFileWriter;
import dev.wharf.storage.driver.FileInfo;
import dev.wharf.storage.driver.FileWriter;
import dev.wharf.storage.driver.InvalidPathException;
import dev.wharf.storage.driver.OpenFile;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.StoragePathRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;

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

    private final Path root;

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
        Files.createDirectories(root);
        Path real = root.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new NotDirectoryException(root.toString());
        }
        this.root = real;
    }

    /** The real path of the storage root. */
    public Path root() {
        return root;
    }

    @Override
    public String name() {
        return "filesystem";
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        StoragePathRules.requireNonRoot(path);
        Path file = existingFile(path);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw notFound(path, e);
        }
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        StoragePathRules.requireNonRoot(path);
        Objects.requireNonNull(content, "content");
        Path target = writable(path);
        replaceAtomically(target, channel -> writeFully(channel, ByteBuffer.wrap(content)));
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        StoragePathRules.requireNonRoot(path);
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + path);
        }
        OpenFile file = openValid(path);
        try {
            return file.stream(offset);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public OpenFile open(String path) throws IOException {
        return openValid(StoragePathRules.requireNonRoot(path));
    }

    /** {@link #open} of a path already checked against the rules. */
    private OpenFile openValid(String path) throws IOException {
        // One real-path check serves the size and the bytes: the size comes from the opened channel.
        Path file = existingFile(path);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw notFound(path, e);
        }
        return ChannelOpenFile.of(path, channel);
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        StoragePathRules.requireNonRoot(path);
        Path file = writable(path);
        Files.createDirectories(file.getParent());
        List<OpenOption> options = new ArrayList<>(List.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        options.add(append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        FileChannel channel = FileChannel.open(file, options.toArray(OpenOption[]::new));
        long size;
        try {
            size = channel.size();
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            throw e;
        }
        return new ChannelWriter(path, file, channel, size);
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        StoragePathRules.requireValid(path);
        return info(path, existing(path));
    }

    @Override
    public List<String> list(String path) throws IOException {
        StoragePathRules.requireValid(path);
        Path directory = existingDirectory(path);
        List<String> names;
        try {
            names = childNames(directory);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw notFound(path, e);
        }
        List<String> paths = new ArrayList<>(names.size());
        for (String name : names) {
            paths.add(StoragePathRules.child(path, name));
        }
        return paths;
    }

    @Override
    public void move(String source, String destination) throws IOException {
        StoragePathRules.requireNonRoot(source);
        StoragePathRules.requireNonRoot(destination);
        // The lexical path, not the real one: moving a link moves the link, as mv does.
        existingFile(source);
        Path from = lexical(source);
        Path to = writable(destination);
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
                throw notFound(source, e);
            }
            throw e;
        }
        syncDirectory(to.getParent());
    }

    @Override
    public void delete(String path) throws IOException {
        StoragePathRules.requireNonRoot(path);
        existing(path);
        // walkFileTree does not follow links, so a link is deleted, never what it points to.
        Files.walkFileTree(lexical(path), new SimpleFileVisitor<>() {
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
        Path directory = existingDirectory(path);
        List<String> names;
        try {
            names = childNames(directory);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw notFound(path, e);
        }
        walkChildren(path, directory, names, visitor);
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
                    attrs = existing(childPath);
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

    private static FileInfo info(String path, BasicFileAttributes attrs) {
        return new FileInfo(
                path,
                attrs.isDirectory() ? 0 : attrs.size(),
                attrs.lastModifiedTime().toInstant(),
                attrs.isDirectory());
    }

    /** Where {@code path} lies under the root, by its names alone. */
    private Path lexical(String path) {
        Path resolved = path.equals(StoragePathRules.ROOT) ? root : root.resolve(path.substring(1));
        // Cannot fail for a valid path; kept so a future change to the rules cannot open a hole.
        if (!resolved.normalize().startsWith(root)) {
            throw new InvalidPathException(path);
        }
        return resolved;
    }

    /** The attributes of what exists at {@code path}, after checking it lies inside the root. */
    private BasicFileAttributes existing(String path) throws IOException {
        Path real = realPathOrNull(lexical(path));
        if (real == null) {
            throw new PathNotFoundException(path);
        }
        requireInsideRoot(real, path);
        try {
            return Files.readAttributes(real, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw notFound(path, e);
        }
    }

    /** The real path of the regular file at {@code path}. */
    private Path existingFile(String path) throws IOException {
        return existingOfKind(path, Files::isRegularFile);
    }

    /** The real path of the directory at {@code path}. */
    private Path existingDirectory(String path) throws IOException {
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
    private Path writable(String path) throws IOException {
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

    /**
     * Writes a scratch file next to {@code target}, fsyncs it, renames it over {@code target} and
     * fsyncs the directory, so that {@code target} shows the old bytes or the new, also after a
     * crash. The scratch name is reserved (see {@link StoragePathRules#SCRATCH_PREFIX}), so no
     * reader opens it and no caller's file collides with it.
     */
    private static void replaceAtomically(Path target, ChannelFiller filler) throws IOException {
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path scratch = directory.resolve(StoragePathRules.SCRATCH_PREFIX + UUID.randomUUID());
        try {
            try (FileChannel channel =
                    FileChannel.open(scratch, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                filler.fill(channel);
                channel.force(true);
            }
            Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        syncDirectory(directory);
    }

    private void moveAcrossFileSystems(String source, Path from, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
            replaceAtomically(to, out -> {
                long size = in.size();
                long done = 0;
                while (done < size) {
                    done += in.transferTo(done, size - done, out);
                }
            });
        } catch (NoSuchFileException e) {
            if (Files.notExists(from, LinkOption.NOFOLLOW_LINKS)) {
                throw notFound(source, e);
            }
            throw e;
        }
        Files.deleteIfExists(from);
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Makes a directory's entries (a new or renamed file) durable. Some platforms cannot open a
     * directory as a channel at all; there this is a no-op, as it is in Lucene's IOUtils.
     */
    static void syncDirectory(Path directory) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(directory, StandardOpenOption.READ);
        } catch (IOException e) {
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }

    private static PathNotFoundException notFound(String path, IOException cause) {
        PathNotFoundException e = new PathNotFoundException(path);
        e.initCause(cause);
        return e;
    }

    private static void closeQuietly(FileChannel channel, Throwable primary) {
        try {
            channel.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    /** Fills a scratch file. */
    @FunctionalInterface
    private interface ChannelFiller {
        void fill(FileChannel channel) throws IOException;
    }

    /**
     * Writes straight to the file channel, unbuffered: callers write in large chunks anyway, and
     * unbuffered bytes are readable by {@link #reader} as soon as {@link #write} returns, which a
     * spool that others read while it grows relies on.
     */
    private static final class ChannelWriter extends AbstractFileWriter {
        private final Path file;
        private final FileChannel channel;

        ChannelWriter(String path, Path file, FileChannel channel, long size) {
            super(path, size);
            this.file = file;
            this.channel = channel;
        }

        @Override
        protected void append(byte[] bytes, int offset, int length) throws IOException {
            writeFully(channel, ByteBuffer.wrap(bytes, offset, length));
        }

        @Override
        protected void flushDurably() throws IOException {
            channel.force(true);
            syncDirectory(file.getParent());
        }

        @Override
        protected void discard() throws IOException {
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(file);
            }
        }

        @Override
        protected void release(boolean committed) throws IOException {
            if (committed) {
                channel.close();
                return;
            }
            try {
                // Durable like distribution's Close: the client has been told how much of a
                // chunked upload arrived, and a crash must not make that a lie.
                channel.force(true);
            } finally {
                channel.close();
            }
        }
    }
}
