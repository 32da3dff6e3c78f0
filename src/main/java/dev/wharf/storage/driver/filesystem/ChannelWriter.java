package dev.wharf.storage.driver.filesystem;

import dev.wharf.storage.driver.AbstractFileWriter;
import dev.wharf.storage.driver.StorageDriver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes straight to the file channel, unbuffered: callers write in large chunks anyway, and
 * unbuffered bytes are readable by {@link StorageDriver#reader} as soon as {@link #write}
 * returns, which a spool that others read while it grows relies on.
 */
final class ChannelWriter extends AbstractFileWriter {
    private final Path file;
    private final FileChannel channel;

    private ChannelWriter(String path, Path file, FileChannel channel, long size) {
        super(path, size);
        this.file = file;
        this.channel = channel;
    }

    /**
     * Opens a writer on {@code file}, creating its parent directories and the file as needed.
     *
     * @param path the driver path, for error messages
     * @param file where {@code path} lies, already checked to be writable inside the root
     * @param append continue at the end of an existing file rather than truncate it
     */
    static ChannelWriter open(String path, Path file, boolean append) throws IOException {
        Files.createDirectories(file.getParent());
        List<OpenOption> options = new ArrayList<>(List.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        options.add(append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        FileChannel channel = FileChannel.open(file, options.toArray(OpenOption[]::new));
        long size;
        try {
            size = channel.size();
        } catch (IOException | RuntimeException e) {
            FileChannels.closeQuietly(channel, e);
            throw e;
        }
        return new ChannelWriter(path, file, channel, size);
    }

    @Override
    protected void append(byte[] bytes, int offset, int length) throws IOException {
        FileChannels.writeFully(channel, ByteBuffer.wrap(bytes, offset, length));
    }

    @Override
    protected void flushDurably() throws IOException {
        channel.force(true);
        FileChannels.syncDirectory(file.getParent());
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
