package dev.wharf.storage.driver.inmemory;

import dev.wharf.storage.driver.FileInfo;
import dev.wharf.storage.driver.FileWriter;
import dev.wharf.storage.driver.OpenFile;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.StoragePathRules;
import dev.wharf.storage.driver.inmemory.FileTree.Child;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A {@link StorageDriver} that keeps everything in memory, for tests and {@code
 * storage.inmemory}. Nothing survives a restart, and the heap bounds what it can hold.
 *
 * <p>The tree of directories is guarded by one read-write lock, held only for the lookup or
 * relinking an operation needs, never while bytes are copied or a {@link #walk} visitor runs (a
 * visitor may call back into the driver). Each file's bytes are a list of chunks guarded by the
 * file itself: writers append without copying what is already there, and readers stream from
 * the chunks. {@link #putContent} and a truncating {@link #writer} link a fresh file object, so
 * a reader that opened the old content goes on reading the old content, as it would on disk.
 */
public final class InMemoryDriver implements StorageDriver {

    private final FileTree tree = new FileTree();

    /** Creates an empty driver. */
    public InMemoryDriver() {}

    @Override
    public String name() {
        return "inmemory";
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        StoragePathRules.requireNonRoot(path);
        return tree.file(path).toByteArray(path);
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        StoragePathRules.requireNonRoot(path);
        // Copied before locking: the caller may reuse its array, and the copy takes no lock.
        tree.put(path, Content.of(content.clone()));
    }

    @Override
    public OpenFile open(String path) throws IOException {
        StoragePathRules.requireNonRoot(path);
        Content content = tree.file(path);
        return new MemoryOpenFile(path, content, content.size());
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        StoragePathRules.requireNonRoot(path);
        return tree.writer(path, append);
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        StoragePathRules.requireValid(path);
        Node node = tree.find(path);
        if (node == null) {
            throw new PathNotFoundException(path);
        }
        return info(path, node);
    }

    @Override
    public List<String> list(String path) throws IOException {
        StoragePathRules.requireValid(path);
        return tree.list(path);
    }

    @Override
    public void move(String source, String destination) throws IOException {
        StoragePathRules.requireNonRoot(source);
        StoragePathRules.requireNonRoot(destination);
        tree.move(source, destination);
    }

    @Override
    public void delete(String path) throws IOException {
        StoragePathRules.requireNonRoot(path);
        tree.delete(path);
    }

    @Override
    public void walk(String path, Visitor visitor) throws IOException {
        StoragePathRules.requireValid(path);
        Objects.requireNonNull(visitor, "visitor");
        walkChildren(tree.children(path), visitor);
    }

    private void walkChildren(List<Child> children, Visitor visitor) throws IOException {
        for (Child child : children) {
            FileInfo info = info(child.path(), child.node());
            boolean descend = visitor.visit(info);
            if (info.directory() && descend) {
                // Looked up again by path: the visitor may have changed the tree meanwhile.
                List<Child> grandchildren = tree.childrenIfDirectory(child.path());
                if (grandchildren != null) {
                    walkChildren(grandchildren, visitor);
                }
            }
        }
    }

    /** Needs no lock, so that no file's monitor is ever taken under the tree's lock. */
    private static FileInfo info(String path, Node node) {
        if (node instanceof Content content) {
            return content.info(path);
        }
        return new FileInfo(path, 0, ((Directory) node).modified, true);
    }
}
