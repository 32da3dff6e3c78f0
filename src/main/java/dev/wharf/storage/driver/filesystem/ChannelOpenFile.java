package dev.wharf.storage.driver.filesystem;

import dev.wharf.storage.driver.OpenFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;

/**
 * {@link OpenFile} on an open {@link FileChannel}: the size is the channel's (an fstat of the
 * file that was opened, not a second lookup of its path), and the stream seeks the same channel.
 */
final class ChannelOpenFile implements OpenFile {
    /** Large enough that streaming a blob costs few system calls, small enough to not matter per reader. */
    private static final int READ_BUFFER = 64 * 1024;

    private final String path;
    private final FileChannel channel;
    private final long size;
    private boolean streamed;

    /** Takes ownership of {@code channel}: closes it if its size cannot be read. */
    static ChannelOpenFile of(String path, FileChannel channel) throws IOException {
        try {
            return new ChannelOpenFile(path, channel, channel.size());
        } catch (IOException | RuntimeException e) {
            FileChannels.closeQuietly(channel, e);
            throw e;
        }
    }

    private ChannelOpenFile(String path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
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
    public synchronized InputStream stream(long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + path);
        }
        if (streamed || !channel.isOpen()) {
            throw new IllegalStateException("already streamed or closed: " + path);
        }
        streamed = true;
        try {
            // The live size, not the size at opening: a spool grows while it is read.
            if (offset > channel.size()) {
                // Not channel.position(offset): lseek refuses offsets past the file system's
                // largest file size, and there is nothing to read there anyway.
                channel.close();
                return InputStream.nullInputStream();
            }
            channel.position(offset);
        } catch (IOException | RuntimeException e) {
            FileChannels.closeQuietly(channel, e);
            throw e;
        }
        return new BufferedInputStream(Channels.newInputStream(channel), READ_BUFFER);
    }

    @Override
    public void close() throws IOException {
        // The stream, when taken, reads this channel: closing it ends the stream too.
        channel.close();
    }
}
