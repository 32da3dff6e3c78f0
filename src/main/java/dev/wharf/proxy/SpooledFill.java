package dev.wharf.proxy;

import dev.wharf.domain.Digest;
import dev.wharf.storage.StoragePaths;
import dev.wharf.storage.driver.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state of one fill, written by its transfer thread and read by any number of readers.
 * Progress fields are volatile; the switch from spool to committed blob happens under the
 * monitor, so a reader opens either the spool before the move or the blob after it, never a
 * path that no longer exists. An open spool stays readable after the move (POSIX rename keeps
 * open files), so readers that started early read on undisturbed.
 */
final class SpooledFill implements Fill {
    private final Digest digest;
    private final String spoolPath;
    private final StorageDriver driver;
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    private volatile Status status = Status.STARTING;
    private volatile long size = -1;
    private volatile long available;
    private volatile String failure = "";
    private volatile boolean upstreamUnavailable;

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

    @Override
    public Status status() {
        return status;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long available() {
        return available;
    }

    @Override
    public String failure() {
        return failure;
    }

    @Override
    public boolean upstreamUnavailable() {
        return upstreamUnavailable;
    }

    @Override
    public synchronized InputStream open(long offset) throws IOException {
        String path = status == Status.COMMITTED ? StoragePaths.blobData(digest) : spoolPath;
        return driver.reader(path, offset);
    }

    @Override
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    void streaming(long announcedSize) {
        size = announcedSize;
        status = Status.STREAMING;
        notifyListeners();
    }

    void progressed(long total) {
        available = total;
        notifyListeners();
    }

    /** Runs {@code commit} (the move into the blob store) so that no reader opens the spool path mid-move. */
    synchronized void committing(IoAction commit) throws IOException {
        commit.run();
        status = Status.COMMITTED;
    }

    void committed() {
        notifyListeners();
    }

    void notFound() {
        failure = "the upstream has no blob " + digest;
        status = Status.NOT_FOUND;
        notifyListeners();
    }

    void failed(String reason, boolean upstreamFault) {
        failure = reason;
        upstreamUnavailable = upstreamFault;
        status = Status.FAILED;
        notifyListeners();
    }

    private void notifyListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                // One broken reader must not stop the fill or starve the others.
                java.util.logging.Logger.getLogger(SpooledFill.class.getName())
                        .log(java.util.logging.Level.FINE, "fill listener failed", e);
            }
        }
    }

    /** An I/O step run under the fill's monitor. */
    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }
}
