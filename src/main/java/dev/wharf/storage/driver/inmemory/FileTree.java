package dev.wharf.storage.driver.inmemory;

import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StoragePathRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-memory driver's tree of directories and files, guarded by one read-write lock. Every
 * method holds the lock only for its lookup or relinking and returns what the caller needs
 * afterwards (a content object, a snapshot of entries), so that no bytes are copied and no
 * visitor runs under it. Paths are valid driver paths; the driver checks them first.
 */
final class FileTree {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Directory root = new Directory();

    /** The content of the file at {@code path}, which is not the root. */
    Content file(String path) throws PathNotFoundException {
        Lock read = lock.readLock();
        read.lock();
        try {
            if (lookup(StoragePathRules.names(path)) instanceof Content content) {
                return content;
            }
            throw new PathNotFoundException(path);
        } finally {
            read.unlock();
        }
    }

    /** The file or directory at {@code path}, or null. */
    Node find(String path) {
        Lock read = lock.readLock();
        read.lock();
        try {
            return lookup(StoragePathRules.names(path));
        } finally {
            read.unlock();
        }
    }

    /** The paths of the entries of the directory at {@code path}, sorted. */
    List<String> list(String path) throws PathNotFoundException {
        Lock read = lock.readLock();
        read.lock();
        try {
            Directory directory = directory(path);
            List<String> paths = new ArrayList<>(directory.children.size());
            for (String name : directory.children.keySet()) {
                paths.add(StoragePathRules.child(path, name));
            }
            return paths;
        } finally {
            read.unlock();
        }
    }

    /** A snapshot of the entries of the directory at {@code path}, sorted. */
    List<Child> children(String path) throws PathNotFoundException {
        Lock read = lock.readLock();
        read.lock();
        try {
            return children(path, directory(path));
        } finally {
            read.unlock();
        }
    }

    /** A snapshot of the entries of the directory at {@code path}, or null if no directory is there now. */
    List<Child> childrenIfDirectory(String path) {
        Lock read = lock.readLock();
        read.lock();
        try {
            if (!(lookup(StoragePathRules.names(path)) instanceof Directory directory)) {
                return null;
            }
            return children(path, directory);
        } finally {
            read.unlock();
        }
    }

    /** Links {@code content} at {@code path}, which is not the root, replacing a file there. */
    void put(String path, Content content) throws IOException {
        List<String> names = StoragePathRules.names(path);
        Lock write = lock.writeLock();
        write.lock();
        try {
            Directory parent = makeFileParent(path, names);
            parent.children.put(last(names), content);
            parent.touch();
        } finally {
            write.unlock();
        }
    }

    /**
     * A writer of the file at {@code path}, which is not the root: of the existing content when
     * {@code append} and there is a file, else of fresh empty content linked in its place.
     */
    MemoryWriter writer(String path, boolean append) throws IOException {
        List<String> names = StoragePathRules.names(path);
        String name = last(names);
        Lock write = lock.writeLock();
        write.lock();
        try {
            Directory parent = makeFileParent(path, names);
            if (append && parent.children.get(name) instanceof Content content) {
                return new MemoryWriter(path, content, content.size(), this);
            }
            Content content = new Content();
            parent.children.put(name, content);
            parent.touch();
            return new MemoryWriter(path, content, 0, this);
        } finally {
            write.unlock();
        }
    }

    /** Relinks the file at {@code source} at {@code destination}; neither is the root. */
    void move(String source, String destination) throws IOException {
        List<String> from = StoragePathRules.names(source);
        List<String> to = StoragePathRules.names(destination);
        String fromName = last(from);
        Lock write = lock.writeLock();
        write.lock();
        try {
            Node sourceParent = lookupParent(from);
            if (!(sourceParent instanceof Directory fromParent)
                    || !(fromParent.children.get(fromName) instanceof Content content)) {
                throw new PathNotFoundException(source);
            }
            if (source.equals(destination)) {
                return;
            }
            Directory toParent = makeFileParent(destination, to);
            fromParent.children.remove(fromName);
            fromParent.touch();
            toParent.children.put(last(to), content);
            toParent.touch();
        } finally {
            write.unlock();
        }
    }

    /** Unlinks the file or directory at {@code path}, which is not the root. */
    void delete(String path) throws PathNotFoundException {
        List<String> names = StoragePathRules.names(path);
        Lock write = lock.writeLock();
        write.lock();
        try {
            Node parent = lookupParent(names);
            if (!(parent instanceof Directory directory)
                    || directory.children.remove(last(names)) == null) {
                throw new PathNotFoundException(path);
            }
            directory.touch();
        } finally {
            write.unlock();
        }
    }

    /** Removes the file at {@code path} if it is still {@code content}. */
    void unlinkIfCurrent(String path, Content content) {
        List<String> names = StoragePathRules.names(path);
        String name = last(names);
        Lock write = lock.writeLock();
        write.lock();
        try {
            if (lookupParent(names) instanceof Directory parent
                    && parent.children.get(name) == content) {
                parent.children.remove(name);
                parent.touch();
            }
        } finally {
            write.unlock();
        }
    }

    /** A snapshot of a directory's entries. Caller holds the lock. */
    private static List<Child> children(String path, Directory directory) {
        List<Child> children = new ArrayList<>(directory.children.size());
        for (Map.Entry<String, Node> entry : directory.children.entrySet()) {
            children.add(new Child(StoragePathRules.child(path, entry.getKey()), entry.getValue()));
        }
        return children;
    }

    /** Caller holds the lock. */
    private Directory directory(String path) throws PathNotFoundException {
        if (lookup(StoragePathRules.names(path)) instanceof Directory directory) {
            return directory;
        }
        throw new PathNotFoundException(path);
    }

    /** The node at {@code names}, or null. Caller holds the lock. */
    private Node lookup(List<String> names) {
        Node node = root;
        for (String name : names) {
            if (!(node instanceof Directory directory)) {
                return null;
            }
            node = directory.children.get(name);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /**
     * The directory that will hold file {@code path}, whose names are {@code names}, created as
     * needed; refuses when a directory is where the file should go. Caller holds the write lock.
     */
    private Directory makeFileParent(String path, List<String> names) throws IOException {
        Directory parent = makeParents(path, names);
        if (parent.children.get(last(names)) instanceof Directory) {
            throw new IOException("is a directory: " + path);
        }
        return parent;
    }

    /** The node holding the last of {@code names}, which are not empty, or null. Caller holds the lock. */
    private Node lookupParent(List<String> names) {
        return lookup(names.subList(0, names.size() - 1));
    }

    /** The directory that will hold the last of {@code names}, created as needed. Caller holds the write lock. */
    private Directory makeParents(String path, List<String> names) throws IOException {
        Directory directory = root;
        for (String name : names.subList(0, names.size() - 1)) {
            Node node = directory.children.get(name);
            if (node == null) {
                Directory created = new Directory();
                directory.children.put(name, created);
                directory.touch();
                directory = created;
            } else if (node instanceof Directory existing) {
                directory = existing;
            } else {
                throw new IOException("a file is in the way of " + path + " at " + name);
            }
        }
        return directory;
    }

    /** The last of the names along a path that is not the root. */
    private static String last(List<String> names) {
        return names.get(names.size() - 1);
    }

    /** An entry of a directory snapshot: its path and what was there. */
    record Child(String path, Node node) {}
}
