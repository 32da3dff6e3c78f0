package dev.wharf.proxy;

import dev.wharf.domain.Digest;
import dev.wharf.expiry.ActiveDigests;
import dev.wharf.expiry.CacheIndex;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.UploadId;
import dev.wharf.storage.BlobStore;
import dev.wharf.storage.LocalRepositoryBlobStore;
import dev.wharf.storage.StoragePaths;
import dev.wharf.storage.driver.FileWriter;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.upstream.UpstreamException;
import dev.wharf.upstream.UpstreamRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link BlobFills} from the upstream registry into the local store. Each fill runs on its own
 * thread from {@code executor}, independent of the requests that asked for it: a client that
 * disconnects does not cancel it, and {@code proxy.filltimeout} bounds it instead. The bytes go to
 * the upload area while their digest is computed; only a blob whose digest and size match is
 * moved into the blob store and linked into the repository. A failed fill deletes its spool.
 */
public final class UpstreamFills implements BlobFills {
    private static final Logger LOG = Logger.getLogger(UpstreamFills.class.getName());
    private static final int CHUNK = 64 * 1024;

    private final UpstreamRegistry upstream;
    private final StorageDriver driver;
    private final BlobStore blobs;
    private final LocalRepositoryBlobStore repositoryBlobs;
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final Duration timeout;
    private final ProxyStatistics statistics;
    private final CacheIndex index;
    private final ActiveDigests active;
    private final Runnable onCached;
    private final ConcurrentHashMap<Digest, SpooledFill> running = new ConcurrentHashMap<>();

    public UpstreamFills(UpstreamRegistry upstream, StorageDriver driver, BlobStore blobs,
            LocalRepositoryBlobStore repositoryBlobs, ExecutorService executor, ScheduledExecutorService timer,
            Duration timeout, ProxyStatistics statistics, CacheIndex index, ActiveDigests active, Runnable onCached) {
        this.upstream = upstream;
        this.driver = driver;
        this.blobs = blobs;
        this.repositoryBlobs = repositoryBlobs;
        this.executor = executor;
        this.timer = timer;
        this.timeout = timeout;
        this.statistics = statistics;
        this.index = index;
        this.active = active;
        this.onCached = onCached;
    }

    @Override
    public Fill join(RepositoryName repository, Digest digest) {
        SpooledFill[] started = new SpooledFill[1];
        SpooledFill fill = running.computeIfAbsent(digest, key -> {
            UploadId spool = UploadId.random();
            started[0] = new SpooledFill(digest, StoragePaths.uploadData(repository, spool), driver);
            return started[0];
        });
        if (started[0] == fill) {
            statistics.fillStarted();
            // Held from now until the fill ends, so the janitor never removes what is being fetched.
            ActiveDigests.Hold hold = active.hold(digest);
            executor.execute(() -> {
                try (hold) {
                    run(repository, fill);
                }
            });
        } else {
            statistics.fillJoined();
        }
        return fill;
    }

    /** Number of fills in progress, for health and metrics. */
    public int inProgress() {
        return running.size();
    }

    private void run(RepositoryName repository, SpooledFill fill) {
        AtomicReference<InputStream> body = new AtomicReference<>();
        // The timeout closes the upstream body, which makes the blocked read fail.
        ScheduledFuture<?> watchdog = timer.schedule(() -> closeQuietly(body.get()), timeout.toMillis(), TimeUnit.MILLISECONDS);
        String spoolDirectory = fill.spoolPath().substring(0, fill.spoolPath().length() - "/data".length());
        Instant started = Instant.now();
        String failure = null;
        boolean upstreamFault = false;
        try {
            Optional<UpstreamRegistry.BlobStream> stream = upstream.getBlob(repository, fill.digest(), Instant.now().plus(timeout));
            if (stream.isEmpty()) {
                fill.notFound();
                return;
            }
            try (UpstreamRegistry.BlobStream blob = stream.get()) {
                body.set(blob.body());
                driver.putContent(spoolDirectory + "/startedat",
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().getBytes(StandardCharsets.UTF_8));
                fill.streaming(blob.size());
                long total = spool(blob, fill);
                verify(fill, blob.size(), total);
                fill.committing(() -> blobs.commit(fill.spoolPath(), fill.digest()));
                repositoryBlobs.link(repository, fill.digest());
                index.recordBlob(repository, fill.digest(), total, Instant.now());
                onCached.run();
                statistics.fillCommitted(total);
                LOG.fine(() -> "cached blob " + fill.digest() + " (" + total + " bytes) for " + repository + " in "
                        + Duration.between(started, Instant.now()).toMillis() + " ms");
            }
            fill.committed();
        } catch (UpstreamException e) {
            failure = "upstream " + upstream.describe() + ": " + e.getMessage();
            upstreamFault = e.kind() == UpstreamException.Kind.UNAVAILABLE;
        } catch (IOException | RuntimeException e) {
            failure = watchdog.isDone()
                    ? "the transfer took longer than proxy.filltimeout (" + timeout + ") and was abandoned"
                    : "the transfer failed: " + e.getMessage();
            upstreamFault = true;
        } finally {
            watchdog.cancel(false);
            running.remove(fill.digest(), fill);
            // Committed, the data file has moved out; failed, the partial bytes must go too. Before
            // readers hear of a failure, so that none finds anything left of it.
            deleteQuietly(spoolDirectory);
        }
        if (failure != null) {
            fail(fill, failure, upstreamFault);
        }
    }

    private long spool(UpstreamRegistry.BlobStream blob, SpooledFill fill) throws IOException {
        MessageDigest hash = fill.digest().algorithm().newMessageDigest();
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        try (FileWriter writer = driver.writer(fill.spoolPath(), false)) {
            int n;
            while ((n = blob.body().read(buffer)) > 0) {
                writer.write(buffer, 0, n);
                hash.update(buffer, 0, n);
                total += n;
                fill.progressed(total);
            }
            writer.commit();
        }
        Digest actual = Digest.of(fill.digest().algorithm(), hash.digest());
        if (!actual.equals(fill.digest())) {
            throw new IOException("the upstream sent content with digest " + actual + " for " + fill.digest()
                    + "; nothing was stored");
        }
        return total;
    }

    private static void verify(SpooledFill fill, long announced, long total) throws IOException {
        if (announced >= 0 && announced != total) {
            throw new IOException("the upstream announced " + announced + " bytes for " + fill.digest() + " but sent "
                    + total + "; nothing was stored");
        }
    }

    private void fail(SpooledFill fill, String reason, boolean upstreamFault) {
        statistics.fillFailed();
        LOG.warning("fetching blob " + fill.digest() + " from the upstream failed, nothing was cached and its clients"
                + " get an error or a broken transfer: " + reason);
        fill.failed(reason, upstreamFault);
    }

    private void deleteQuietly(String path) {
        try {
            driver.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete the spool " + path + " of a fill; upload purging removes it later", e);
        }
    }

    private static void closeQuietly(InputStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // the fill is being abandoned anyway
            }
        }
    }
}
