package dev.wharf.storage.driver;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A path-addressed byte store: the only code that touches the disk (or, later, object storage).
 *
 * <p>The shape is distribution's {@code storagedriver.StorageDriver}. A driver knows nothing of
 * digests or repositories; {@code dev.wharf.storage.StoragePaths} decides what lives where.
 * Everything here must be implementable on object storage: no rename of a file that is being
 * written, no append after {@link FileWriter#commit()}.
 *
 * <p><b>Paths</b> are absolute and {@code /}-separated, each component matching
 * {@code [A-Za-z0-9._-]+} and neither {@code .} nor {@code ..} (distribution's rule); components
 * starting with {@code .tmp-} are reserved for drivers' scratch files. Any other path is rejected
 * with {@link InvalidPathException} before the driver does anything, so no caller can reach
 * outside the driver's root. {@link StoragePathRules} holds the rules. {@code /} itself is the
 * root directory: {@link #stat}, {@link #list} and {@link #walk} accept it, every other method
 * rejects it with {@link InvalidPathException}, since it can never be a file and deleting it
 * would delete everything.
 *
 * <p>Directories are implicit: writing {@code /a/b/c} creates {@code /a} and {@code /a/b}.
 * Methods that need an existing path throw {@link PathNotFoundException} when it is missing, or
 * is a directory where a file is needed, or the other way round. Whether a directory emptied by
 * {@link #delete} or {@link #move} is still there is up to the driver (object storage has no
 * empty directories), so callers must not rely on either. Implementations are safe for
 * concurrent use.
 */
public interface StorageDriver {

    /** A short name for logs and health checks, such as {@code filesystem}. */
    String name();

    /**
     * Reads a whole file into memory. Only for small files: links, manifests, upload metadata.
     *
     * @throws PathNotFoundException if there is no file at {@code path} (nothing, or a directory)
     */
    byte[] getContent(String path) throws IOException;

    /**
     * Stores {@code content} at {@code path}, replacing what was there. Atomic: a reader sees
     * the old content or the new, never a mix or a partial file, even after a crash. Creates
     * missing parent directories.
     *
     * @throws IOException if a directory is at {@code path}, or a file where a parent directory
     *     should be
     */
    void putContent(String path, byte[] content) throws IOException;

    /**
     * Opens a file for streaming from byte {@code offset}. An offset at or past the end gives
     * an empty stream.
     *
     * <p>By default, {@link #open} and {@link OpenFile#stream}; a driver overrides it only when it
     * can stream without learning the size.
     *
     * @throws PathNotFoundException if there is no file at {@code path}
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    default InputStream reader(String path, long offset) throws IOException {
        StoragePathRules.requireNonRoot(path);
        // Checked before the lookup, so a bad offset is refused whether or not the file exists.
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + path);
        }
        OpenFile file = open(path);
        try {
            return file.stream(offset);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Opens a file and tells its size in the same lookup: for a caller that needs the size before
     * the bytes (a response's headers), where {@link #stat} then {@link #reader} would look the
     * path up twice and could find the file once and miss it the second time. The caller must
     * close the result (or the stream it takes from it).
     *
     * @throws PathNotFoundException if there is no file at {@code path} (nothing, or a directory)
     */
    OpenFile open(String path) throws IOException;

    /**
     * Opens a file for writing. With {@code append} false the file is created or truncated;
     * with {@code append} true writing continues at the end of the existing file (created if
     * missing). Bytes written become readable at {@code path} no later than {@link
     * FileWriter#commit()}; the writer is not atomic, so write to a scratch path (an upload)
     * and {@link #move} it into place.
     */
    FileWriter writer(String path, boolean append) throws IOException;

    /**
     * Describes the file or directory at {@code path}.
     *
     * @throws PathNotFoundException if nothing exists at {@code path}
     */
    FileInfo stat(String path) throws IOException;

    /**
     * Lists the direct children of directory {@code path} as full paths, sorted lexically.
     *
     * @throws PathNotFoundException if there is no directory at {@code path}
     */
    List<String> list(String path) throws IOException;

    /**
     * Moves a file to {@code destination}, replacing any file there and creating missing parent
     * directories. Atomic: {@code destination} shows either its old content or all of the
     * source's, never a partial file. Moving a file onto itself changes nothing.
     *
     * @throws PathNotFoundException if there is no file at {@code source} (nothing, or a directory)
     * @throws IOException if a directory is at {@code destination}
     */
    void move(String source, String destination) throws IOException;

    /**
     * Deletes a file, or a directory with everything below it.
     *
     * @throws PathNotFoundException if nothing exists at {@code path}
     */
    void delete(String path) throws IOException;

    /**
     * Deletes like {@link #delete}, but a path that is already gone is not an error: for
     * clean-up that a crash or a concurrent request may have done first.
     *
     * @return whether something was deleted
     */
    default boolean deleteIfExists(String path) throws IOException {
        try {
            delete(path);
            return true;
        } catch (PathNotFoundException e) {
            return false;
        }
    }

    /**
     * Visits everything below directory {@code path} ({@code path} itself is not visited), depth
     * first, children in lexical order, each directory before its children. When the visitor
     * returns {@code false} for a directory, its children are skipped. Changes made while the
     * walk runs, by the visitor or others, may or may not be seen.
     *
     * @throws PathNotFoundException if there is no directory at {@code path}
     */
    void walk(String path, Visitor visitor) throws IOException;

    /** Called by {@link #walk} for each file and directory. */
    @FunctionalInterface
    interface Visitor {
        /**
         * @return {@code false} to skip the children of a directory (ignored for files)
         */
        boolean visit(FileInfo info) throws IOException;
    }
}
