package dev.wharf.storage.driver.inmemory;

import dev.wharf.storage.driver.AbstractFileWriter;

/** Appends to a file's {@link Content}, which stays linked in the tree while it is written. */
final class MemoryWriter extends AbstractFileWriter {
    private final Content content;
    private final FileTree tree;

    /**
     * @param path the driver path of the file
     * @param content the file's content, linked at {@code path} in {@code tree}
     * @param size bytes already in {@code content}
     * @param tree the tree to unlink {@code content} from on cancel
     */
    MemoryWriter(String path, Content content, long size, FileTree tree) {
        super(path, size);
        this.content = content;
        this.tree = tree;
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
        tree.unlinkIfCurrent(path(), content);
    }

    @Override
    protected void release(boolean committed) {
        // Nothing held: the content stays linked for a later appending writer.
    }
}
