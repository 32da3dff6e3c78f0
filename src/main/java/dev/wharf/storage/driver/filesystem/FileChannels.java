package dev.wharf.storage.driver.filesystem;

import dev.wharf.storage.driver.StoragePathRules;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** The durable, atomic writing the filesystem driver builds on, on {@link FileChannel}s. */
final class FileChannels {

    private FileChannels() {}

    /**
     * Writes a scratch file next to {@code target}, fsyncs it, renames it over {@code target} and
     * fsyncs the directory, so that {@code target} shows the old bytes or the new, also after a
     * crash. The scratch name is reserved (see {@link StoragePathRules#SCRATCH_PREFIX}), so no
     * reader opens it and no caller's file collides with it.
     */
    static void replaceAtomically(Path target, ChannelFiller filler) throws IOException {
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

    /** Writes all of {@code buffer}: one {@link FileChannel#write} may write less. */
    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
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

    /** Closes {@code channel} while {@code primary} is being thrown, keeping a failure to close as suppressed. */
    static void closeQuietly(FileChannel channel, Throwable primary) {
        try {
            channel.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    /** Fills a scratch file. */
    @FunctionalInterface
    interface ChannelFiller {
        /** Writes the file's bytes to {@code channel}; the caller fsyncs and closes it. */
        void fill(FileChannel channel) throws IOException;
    }
}
