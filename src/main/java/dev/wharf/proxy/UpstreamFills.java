package dev.wharf.proxy;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.UploadId;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.expiry.ActiveDigests;
import dev.wharf.expiry.CacheIndex;
import dev.wharf.storage.BlobStore;
import dev.wharf.storage.LocalRepositoryBlobStore;
import dev.wharf.storage.StoragePaths;
import dev.wharf.storage.driver.FileWriter;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.upstream.UpstreamException;
import dev.wharf.upstream.UpstreamRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link BlobFills} from the upstream registry into the local store. Each fill runs on a thread
 * of {@code executor}, independent of the requests that asked for it: a client that disconnects
 * does not cancel it, and {@code proxy.filltimeout} bounds it instead. The bytes go to the upload
 * area while their digest is computed; only a blob whose digest and size match is moved into the
 * blob store, linked into the repository and recorded in the cache index, and only then does the
 * fill leave {@code running} — so a request joining at any moment finds either the fill or the
 * stored blob. Every fill ends, whatever is thrown, and deletes its spool.
 */
public final class UpstreamFills implements BlobFills {
    private static final Logger LOG = Logger.getLogger(UpstreamFills.class.getName());
    private static final int CHUNK = 64 * 1024;
    /** What a client is told to wait when no transfer can start: about one typical layer fetch. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);

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
    private volatile boolean accepting = true;

    /**
     * @param executor runs the fills; bound it ({@link #boundedExecutor}) so that a burst of cold
     *     blobs is answered {@code 503} instead of queueing without limit. {@link #shutdown} stops it.
     */
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

    /**
     * {@code threads} concurrent transfers and at most {@code queued} more waiting for a thread;
     * beyond that {@link #join} answers {@link RetryLaterException}.
     */
    public static ThreadPoolExecutor boundedExecutor(int threads, int queued, ThreadFactory names) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queued), names);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    @Override
    public Optional<Fill> join(RepositoryName repository, Digest digest) throws IOException {
        if (!accepting) {
            throw new RetryLaterException("the registry is stopping and starts no upstream transfer", RETRY_AFTER);
        }
        // Taken before looking, so that nothing between the look and the read can let the janitor
        // remove the blob: a fill holds its digest until it has left `running`.
        ActiveDigests.Hold hold = active.hold(digest);
        SpooledFill[] started = new SpooledFill[1];
        SpooledFill fill;
        try {
            fill = running.computeIfAbsent(digest, key -> {
                if (stored(digest)) {
                    return null; // committed since the caller looked: serve the stored blob
                }
                started[0] = new SpooledFill(digest, StoragePaths.uploadData(repository, UploadId.random()), driver);
                return started[0];
            });
        } catch (UncheckedIOException e) {
            hold.close();
            throw e.getCause();
        }
        if (fill == null) {
            hold.close();
            return Optional.empty();
        }
        if (started[0] != fill) {
            statistics.fillJoined();
            return Optional.of(new JoinedFill(fill, hold));
        }
        statistics.fillStarted();
        ActiveDigests.Hold fillHold = active.hold(digest);
        try {
            executor.execute(() -> run(repository, fill, fillHold));
        } catch (RejectedExecutionException e) {
            RetryLaterException busy = new RetryLaterException(accepting && !executor.isShutdown()
                    ? "all upstream transfer threads and their queue are busy"
                    : "the registry is stopping and starts no upstream transfer", RETRY_AFTER);
            LOG.warning("refused to fetch blob " + digest + " from the upstream: " + busy.getMessage()
                    + "; the client was asked to retry later");
            end(fill, fillHold, Fill.Status.FAILED, busy);
            hold.close();
            throw busy;
        }
        return Optional.of(new JoinedFill(fill, hold));
    }

    private boolean stored(Digest digest) {
        try {
            return blobs.size(digest).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of fills in progress, for health and metrics. */
    public int inProgress() {
        return running.size();
    }

    /**
     * Stops for undeploy: no new fill starts (joins answer {@link RetryLaterException}), running
     * fills get {@code grace} to finish, the rest are failed (their clients get a broken
     * transfer) and their threads awaited, so that nothing commits into a closed cache index.
     * Call before the cache index closes.
     */
    public void shutdown(Duration grace) {
        accepting = false;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                List<SpooledFill> left = List.copyOf(running.values());
                LOG.warning("undeploy: " + left.size() + " upstream transfers did not finish within " + grace
                        + "; they are abandoned and their clients get a broken transfer");
                left.forEach(SpooledFill::abandon);
                executor.shutdownNow(); // interrupts fills still waiting for the upstream's answer
                if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warning("undeploy: some upstream transfer threads did not stop within 10 s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Fills that never got a thread (queued when the executor stopped) end here.
        for (SpooledFill fill : List.copyOf(running.values())) {
            if (fill.end(Fill.Status.FAILED, unavailable("the registry stopped before the transfer finished"))) {
                running.remove(fill.digest(), fill);
            }
        }
    }

    private void run(RepositoryName repository, SpooledFill fill, ActiveDigests.Hold fillHold) {
        ScheduledFuture<?> watchdog = timer.schedule(fill::abandon, timeout.toMillis(), TimeUnit.MILLISECONDS);
        String spoolDirectory = StoragePaths.uploadDirectoryOf(fill.spoolPath());
        Instant started = Instant.now();
        Fill.Status outcome = Fill.Status.FAILED;
        RegistryException failure = null;
        Error error = null;
        try {
            Optional<UpstreamRegistry.BlobStream> stream = upstream.getBlob(repository, fill.digest(), started.plus(timeout));
            if (stream.isEmpty()) {
                outcome = Fill.Status.NOT_FOUND;
                failure = new RegistryException(OciErrorCode.BLOB_UNKNOWN, Map.of("digest", fill.digest().toString(),
                        "reason", "neither cached nor in the upstream registry"));
            } else {
                try (UpstreamRegistry.BlobStream blob = stream.get()) {
                    fill.receiving(blob.body());
                    long total = transfer(repository, fill, blob, spoolDirectory);
                    outcome = Fill.Status.COMMITTED;
                    LOG.fine(() -> "cached blob " + fill.digest() + " (" + total + " bytes) for " + repository + " in "
                            + Duration.between(started, Instant.now()).toMillis() + " ms");
                }
            }
        } catch (UpstreamException e) {
            failure = e.kind() == UpstreamException.Kind.DENIED
                    ? NotCached.denied(repository)
                    : unavailable("upstream " + upstream.describe() + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            failure = unavailable(watchdog.isDone()
                    ? "the transfer took longer than proxy.filltimeout (" + timeout + ") and was abandoned"
                    : "the transfer failed: " + e.getMessage());
        } catch (Error e) {
            failure = unavailable("the transfer failed: " + e);
            error = e;
        } finally {
            watchdog.cancel(false);
            if (outcome == Fill.Status.COMMITTED) {
                end(fill, fillHold, outcome, null);
            } else {
                if (outcome == Fill.Status.FAILED) {
                    statistics.fillFailed();
                    LOG.warning("fetching blob " + fill.digest() + " from the upstream failed, nothing was cached and"
                            + " its clients get an error or a broken transfer: " + failure.getMessage());
                }
                // Readers hear of the end before the spool goes, so none finds it missing and mistakes that for the end.
                end(fill, fillHold, outcome, failure);
            }
            // Committed, the data file has moved out; failed, the partial bytes must go too.
            deleteQuietly(spoolDirectory);
        }
        if (error != null) {
            throw error;
        }
    }

    private long transfer(RepositoryName repository, SpooledFill fill, UpstreamRegistry.BlobStream blob,
            String spoolDirectory) throws IOException {
        driver.putContent(StoragePaths.uploadStartedAtIn(spoolDirectory),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().getBytes(StandardCharsets.UTF_8));
        fill.streaming(blob.size());
        long total = spool(blob, fill);
        if (blob.size() >= 0 && blob.size() != total) {
            throw new IOException("the upstream announced " + blob.size() + " bytes for " + fill.digest() + " but sent "
                    + total + "; nothing was stored");
        }
        fill.committing(() -> blobs.commit(fill.spoolPath(), fill.digest()));
        repositoryBlobs.link(repository, fill.digest());
        index.recordBlob(repository, fill.digest(), total, Instant.now());
        onCached.run();
        statistics.fillCommitted(total);
        return total;
    }

    /**
     * Ends a fill: it leaves {@code running} (committed, it is linked by now, so a joiner finds the
     * blob), its own hold goes (its readers hold their own), and only then do readers hear of the
     * end — so a reader that has read everything finds nothing of the fill left but its own hold.
     */
    private void end(SpooledFill fill, ActiveDigests.Hold fillHold, Fill.Status outcome, RegistryException failure) {
        try {
            running.remove(fill.digest(), fill);
            fillHold.close();
        } finally {
            fill.end(outcome, failure);
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

    private static RegistryException unavailable(String reason) {
        return new RegistryException(OciErrorCode.UNAVAILABLE, Map.of(
                "reason", "fetching the blob from the upstream registry failed: " + reason));
    }

    private void deleteQuietly(String path) {
        try {
            driver.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete the spool " + path + " of a fill; upload purging removes it later", e);
        }
    }
}
