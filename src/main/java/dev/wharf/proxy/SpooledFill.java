package dev.wharf.proxy;

import dev.wharf.domain.Digest;
import dev.wharf.error.RegistryException;
import dev.wharf.storage.StoragePaths;
import dev.wharf.storage.driver.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The state of one fill, written by its transfer thread and read by any number of readers
 * through {@link JoinedFill}s. Progress fields are volatile; the switch from spool to committed
 * blob happens under the monitor, so a reader opens either the spool before the move or the blob
 * after it, never a path that no longer exists. An open spool stays readable after the move
 * (POSIX rename keeps open files), so readers that started early read on undisturbed.
 *
 * <p>A fill ends exactly once ({@link #end}): committed, not found or failed, whichever thread
 * gets there first (its own, or a shutdown that gives up on it).
 */
final class SpooledFill {
    private static final Logger LOG = Logger.getLogger(SpooledFill.class.getName());

    private final Digest digest;
    private final String spoolPath;
    private final StorageDriver driver;
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    private volatile Fill.Status status = Fill.Status.STARTING;
    private volatile long size = -1;
    private volatile long available;
    private volatile RegistryException failure;
    private volatile boolean moved;
    private volatile InputStream body;

    SpooledFill(Digest digest, String spoolPath, StorageDriver driver) {
        this.digest = digest;
        this.spoolPath = spoolPath;
        this.driver = driver;
    }

    Digest digest() {
        return digest;
    }

    String spoolPath() {
        return spoolPath;
    }

    Fill.Status status() {
        return status;
    }

    long size() {
        return size;
    }

    long available() {
        return available;
    }

    long readable() {
        return status == Fill.Status.COMMITTED ? available : Math.max(0, available - 1);
    }

    Optional<RegistryException> failure() {
        return Optional.ofNullable(failure);
    }

    boolean ended() {
        Fill.Status now = status;
        return now != Fill.Status.STARTING && now != Fill.Status.STREAMING;
    }

    synchronized InputStream open(long offset) throws IOException {
        return driver.reader(moved ? StoragePaths.blobData(digest) : spoolPath, offset);
    }

    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** The upstream body being read, so that a timeout or a shutdown can close it and end a blocked read. */
    void receiving(InputStream upstreamBody) {
        body = upstreamBody;
    }

    /** Closes the upstream body: the blocked read fails and the fill thread ends the fill. */
    void abandon() {
        InputStream stream = body;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // the fill is being abandoned anyway
            }
        }
    }

    void streaming(long announcedSize) {
        size = announcedSize;
        status = Fill.Status.STREAMING;
        notifyListeners();
    }

    void progressed(long total) {
        available = total;
        notifyListeners();
    }

    /**
     * Runs {@code commit} (the move into the blob store) so that no reader opens the spool path
     * mid-move. Readers learn of the commit only from {@link #end}, once the blob is linked too.
     */
    synchronized void committing(IoAction commit) throws IOException {
        commit.run();
        moved = true;
    }

    /**
     * Ends the fill, once: {@code COMMITTED} with a null failure, else {@code NOT_FOUND} or
     * {@code FAILED} with the error for readers. Returns false when it had already ended.
     */
    boolean end(Fill.Status outcome, RegistryException error) {
        synchronized (this) {
            if (ended()) {
                return false;
            }
            failure = error;
            status = outcome;
        }
        notifyListeners();
        return true;
    }

    private void notifyListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                // One broken reader must not stop the fill or starve the others.
                LOG.log(Level.WARNING, "a reader of the fill of " + digest + " failed on a progress event", e);
            }
        }
    }

    @Override
    public String toString() {
        return "fill of " + digest;
    }

    /** An I/O step run under the fill's monitor. */
    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }
}
