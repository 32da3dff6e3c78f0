package dev.wharf.storage;

import dev.wharf.storage.driver.FileInfo;
import dev.wharf.storage.driver.FileWriter;
import dev.wharf.storage.driver.OpenFile;
import dev.wharf.storage.driver.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link StorageDriver} that forwards to another and counts the calls by kind: what a request
 * costs in storage lookups, which is what a test of "one lookup per request" must see.
 */
final class CountingDriver implements StorageDriver {

    /** The operations of {@link StorageDriver}, one per method that reaches storage. */
    enum Op { GET_CONTENT, PUT_CONTENT, READER, OPEN, WRITER, STAT, LIST, MOVE, DELETE, WALK }

    private final StorageDriver delegate;
    private final Map<Op, Integer> counts = new EnumMap<>(Op.class);

    CountingDriver(StorageDriver delegate) {
        this.delegate = delegate;
    }

    /** The calls since the last {@link #reset}, kinds never called left out. */
    synchronized Map<Op, Integer> counts() {
        return new EnumMap<>(counts);
    }

    synchronized void reset() {
        counts.clear();
    }

    private synchronized void count(Op op) {
        counts.merge(op, 1, Integer::sum);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        count(Op.GET_CONTENT);
        return delegate.getContent(path);
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        count(Op.PUT_CONTENT);
        delegate.putContent(path, content);
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        count(Op.READER);
        return delegate.reader(path, offset);
    }

    @Override
    public OpenFile open(String path) throws IOException {
        count(Op.OPEN);
        return delegate.open(path);
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        count(Op.WRITER);
        return delegate.writer(path, append);
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        count(Op.STAT);
        return delegate.stat(path);
    }

    @Override
    public List<String> list(String path) throws IOException {
        count(Op.LIST);
        return delegate.list(path);
    }

    @Override
    public void move(String source, String destination) throws IOException {
        count(Op.MOVE);
        delegate.move(source, destination);
    }

    @Override
    public void delete(String path) throws IOException {
        count(Op.DELETE);
        delegate.delete(path);
    }

    @Override
    public void walk(String path, Visitor visitor) throws IOException {
        count(Op.WALK);
        delegate.walk(path, visitor);
    }
}
