package dev.wharf.storage.driver.inmemory;

import dev.wharf.storage.driver.AbstractFileWriter;
import dev.wharf.storage.driver.FileInfo;
import dev.wharf.storage.driver.FileWriter;
import dev.wharf.storage.driver.OpenFile;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.StoragePathRules;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

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

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Directory root = new Directory();

    /** Creates an empty driver. */
    public InMemoryDriver() {}

    @Override
    public String name() {
        return "inmemory";
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        StoragePathRules.requireNonRoot(path);
        return file(path).toByteArray(path);
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        StoragePathRules.requireNonRoot(path);
        // Copied before locking: the caller may reuse its array, and the copy takes no lock.
        Content fresh = Content.of(content.clone());
        List<String> names = StoragePathRules.names(path);
        String name = names.get(names.size() - 1);
        Lock write = lock.writeLock();
        write.lock();
        try {
            Directory parent = makeParents(path, names);
            if (parent.children.get(name) instanceof Directory) {
                throw new IOException("is a directory: " + path);
            }
            parent.children.put(name, fresh);
            parent.touch();
        } finally {
            write.unlock();
        }
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        StoragePathRules.requireNonRoot(path);
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + path);
        }
        return open(path).stream(offset);
    }

    @Override
    public OpenFile open(String path) throws IOException {
        StoragePathRules.requireNonRoot(path);
        Content content = file(path);
        return new MemoryOpenFile(path, content, content.size());
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        StoragePathRules.requireNonRoot(path);
        List<String> names = StoragePathRules.names(path);
        String name = names.get(names.size() - 1);
        Lock write = lock.writeLock();
        write.lock();
        try {
            Directory parent = makeParents(path, names);
            Node existing = parent.children.get(name);
            if (existing instanceof Directory) {
                throw new IOException("is a directory: " + path);
            }
            if (append && existing instanceof Content content) {
                return new MemoryWriter(path, content, content.size());
            }
            Content content = new Content();
            parent.children.put(name, content);
            parent.touch();
            return new MemoryWriter(path, content, 0);
        } finally {
            write.unlock();
        }
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        StoragePathRules.requireValid(path);
        Node node;
        Lock read = lock.readLock();
        read.lock();
        try {
            node = lookup(StoragePathRules.names(path));
        } finally {
            read.unlock();
        }
        if (node == null) {
            throw new PathNotFoundException(path);
        }
        return info(path, node);
    }

    @Override
    public List<String> list(String path) throws IOException {
        StoragePathRules.requireValid(path);
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

    @Override
    public void move(String source, String destination) throws IOException {
        StoragePathRules.requireNonRoot(source);
        StoragePathRules.requireNonRoot(destination);
        List<String> from = StoragePathRules.names(source);
        List<String> to = StoragePathRules.names(destination);
        String fromName = from.get(from.size() - 1);
        String toName = to.get(to.size() - 1);
        Lock write = lock.writeLock();
        write.lock();
        try {
            Node sourceParent = lookup(from.subList(0, from.size() - 1));
            if (!(sourceParent instanceof Directory fromParent)
                    || !(fromParent.children.get(fromName) instanceof Content content)) {
                throw new PathNotFoundException(source);
            }
            if (source.equals(destination)) {
                return;
            }
            Directory toParent = makeParents(destination, to);
            if (toParent.children.get(toName) instanceof Directory) {
                throw new IOException("is a directory: " + destination);
            }
            fromParent.children.remove(fromName);
            fromParent.touch();
            toParent.children.put(toName, content);
            toParent.touch();
        } finally {
            write.unlock();
        }
    }

    @Override
    public void delete(String path) throws IOException {
        StoragePathRules.requireNonRoot(path);
        List<String> names = StoragePathRules.names(path);
        Lock write = lock.writeLock();
        write.lock();
        try {
            Node parent = lookup(names.subList(0, names.size() - 1));
            if (!(parent instanceof Directory directory)
                    || directory.children.remove(names.get(names.size() - 1)) == null) {
                throw new PathNotFoundException(path);
            }
            directory.touch();
        } finally {
            write.unlock();
        }
    }

    @Override
    public void walk(String path, Visitor visitor) throws IOException {
        StoragePathRules.requireValid(path);
        Objects.requireNonNull(visitor, "visitor");
        List<Child> children;
        Lock read = lock.readLock();
        read.lock();
        try {
            children = children(path, directory(path));
        } finally {
            read.unlock();
        }
        walkChildren(children, visitor);
    }

    private void walkChildren(List<Child> children, Visitor visitor) throws IOException {
        for (Child child : children) {
            FileInfo info = info(child.path(), child.node());
            boolean descend = visitor.visit(info);
            if (info.directory() && descend) {
                List<Child> grandchildren;
                Lock read = lock.readLock();
                read.lock();
                try {
                    // Looked up again by path: the visitor may have changed the tree meanwhile.
                    Node node = lookup(StoragePathRules.names(child.path()));
                    if (!(node instanceof Directory directory)) {
                        continue;
                    }
                    grandchildren = children(child.path(), directory);
                } finally {
                    read.unlock();
                }
                walkChildren(grandchildren, visitor);
            }
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

    /** Needs no lock, so that no file's monitor is ever taken under the tree's lock. */
    private static FileInfo info(String path, Node node) {
        if (node instanceof Content content) {
            return content.info(path);
        }
        return new FileInfo(path, 0, ((Directory) node).modified, true);
    }

    private record Child(String path, Node node) {}

    private Content file(String path) throws PathNotFoundException {
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

    /** Removes the file at {@code path} if it is still {@code content}. */
    private void unlinkIfCurrent(String path, Content content) {
        List<String> names = StoragePathRules.names(path);
        String name = names.get(names.size() - 1);
        Lock write = lock.writeLock();
        write.lock();
        try {
            if (lookup(names.subList(0, names.size() - 1)) instanceof Directory parent
                    && parent.children.get(name) == content) {
                parent.children.remove(name);
                parent.touch();
            }
        } finally {
            write.unlock();
        }
    }

    private sealed interface Node permits Directory, Content {}

    /** Children guarded by the driver's lock; {@code modified} volatile so {@code stat} can read it after unlocking. */
    private static final class Directory implements Node {
        final TreeMap<String, Node> children = new TreeMap<>();
        volatile Instant modified = Instant.now();

        void touch() {
            modified = Instant.now();
        }
    }

    /**
     * A file's bytes as a list of chunks. Chunks grow with the file, from 4 KiB up to 1 MiB, so a
     * small file wastes little and a large one needs few chunks; appending never copies earlier
     * bytes. Every chunk but the last is full. Guarded by its own monitor.
     */
    private static final class Content implements Node {
        private static final int MIN_CHUNK = 4 * 1024;
        private static final int MAX_CHUNK = 1024 * 1024;
        // The JDK's own limit for array sizes (ArraysSupport.SOFT_MAX_ARRAY_LENGTH).
        private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

        private final List<byte[]> chunks = new ArrayList<>();
        private final List<Long> starts = new ArrayList<>();
        private int lastFill;
        private long size;
        private Instant modified = Instant.now();

        /** Content that takes ownership of {@code bytes}. */
        static Content of(byte[] bytes) {
            Content content = new Content();
            if (bytes.length > 0) {
                content.chunks.add(bytes);
                content.starts.add(0L);
                content.lastFill = bytes.length;
                content.size = bytes.length;
            }
            return content;
        }

        synchronized long size() {
            return size;
        }

        synchronized FileInfo info(String path) {
            return new FileInfo(path, size, modified, false);
        }

        synchronized void append(byte[] bytes, int offset, int length) {
            while (length > 0) {
                if (chunks.isEmpty() || lastFill == chunks.get(chunks.size() - 1).length) {
                    chunks.add(new byte[(int) Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, size))]);
                    starts.add(size);
                    lastFill = 0;
                }
                byte[] last = chunks.get(chunks.size() - 1);
                int n = Math.min(length, last.length - lastFill);
                System.arraycopy(bytes, offset, last, lastFill, n);
                lastFill += n;
                size += n;
                offset += n;
                length -= n;
            }
            modified = Instant.now();
        }

        /** Copies up to {@code length} bytes from {@code position}; -1 at the end, as InputStream.read. */
        synchronized int read(long position, byte[] bytes, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position >= size) {
                return -1;
            }
            int index = chunkAt(position);
            int copied = 0;
            while (copied < length && position < size) {
                byte[] chunk = chunks.get(index);
                int filled = index == chunks.size() - 1 ? lastFill : chunk.length;
                int within = (int) (position - starts.get(index));
                int n = Math.min(length - copied, filled - within);
                System.arraycopy(chunk, within, bytes, offset + copied, n);
                copied += n;
                position += n;
                index++;
            }
            return copied;
        }

        synchronized byte[] toByteArray(String path) throws IOException {
            if (size > MAX_ARRAY) {
                throw new IOException("too large to read whole: " + path + " (" + size + " bytes)");
            }
            byte[] all = new byte[(int) size];
            read(0, all, 0, all.length);
            return all;
        }

        /** The index of the chunk holding byte {@code position}, which is below {@code size}. */
        private int chunkAt(long position) {
            int low = 0;
            int high = starts.size() - 1;
            while (low < high) {
                int mid = (low + high + 1) >>> 1;
                if (starts.get(mid) <= position) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            return low;
        }
    }

    /** Streams a file's content from a position; sees bytes appended after it opened, as a file would. */
    private static final class ContentStream extends InputStream {
        private final Content content;
        private long position;
        private boolean closed;

        ContentStream(Content content, long position) {
            this.content = content;
            this.position = position;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            ensureOpen();
            int n = content.read(position, bytes, offset, length);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            ensureOpen();
            long skipped = Math.max(0, Math.min(n, content.size() - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            ensureOpen();
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, content.size() - position));
        }

        @Override
        public void close() {
            closed = true;
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
        }
    }

    /** An opened file: holds its content object, so replacing the file later changes nothing here. */
    private static final class MemoryOpenFile implements OpenFile {
        private final String path;
        private final Content content;
        private final long size;
        private boolean used;
        private InputStream stream;

        MemoryOpenFile(String path, Content content, long size) {
            this.path = path;
            this.content = content;
            this.size = size;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public synchronized InputStream stream(long offset) {
            if (offset < 0) {
                throw new IllegalArgumentException("negative offset " + offset + " for " + path);
            }
            if (used) {
                throw new IllegalStateException("already streamed or closed: " + path);
            }
            used = true;
            // Past the end at streaming stays empty, as on disk; at the very end the stream is live.
            stream = offset > content.size() ? InputStream.nullInputStream() : new ContentStream(content, offset);
            return stream;
        }

        @Override
        public synchronized void close() throws IOException {
            // Nothing is held in memory, but the stream ends and stream() is refused, as on disk.
            used = true;
            if (stream != null) {
                stream.close();
            }
        }
    }

    private final class MemoryWriter extends AbstractFileWriter {
        private final Content content;

        MemoryWriter(String path, Content content, long size) {
            super(path, size);
            this.content = content;
        }

        @Override
        protected void append(byte[] bytes, int offset, int length) {
            content.append(bytes, offset, length);
        }

        @Override
        protected void flushDurably() {
            // Memory is as durable as it gets.
        }

        @Override
        protected void discard() {
            // Only our own file: if someone has since put another at the path, it stays.
            unlinkIfCurrent(path(), content);
        }

        @Override
        protected void release(boolean committed) {
            // Nothing held: the content stays linked for a later appending writer.
        }
    }
}
