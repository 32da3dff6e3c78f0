package dev.wharf.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.error.OciErrorCode;
import dev.wharf.storage.BlobStore;
import dev.wharf.storage.LocalRepositoryBlobStore;
import dev.wharf.storage.StoragePaths;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.filesystem.FilesystemDriver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamFillsTest {
    private static final RepositoryName REPO = RepositoryName.parse("library/app");

    @TempDir
    Path root;

    private StorageDriver driver;
    private BlobStore blobs;
    private LocalRepositoryBlobStore repositoryBlobs;
    private final FakeUpstream upstream = new FakeUpstream();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ProxyStatistics statistics = new ProxyStatistics();
    private final dev.wharf.expiry.CacheIndex index = dev.wharf.expiry.MvStoreCacheIndex.inMemory();
    private final dev.wharf.expiry.ActiveDigests active = new dev.wharf.expiry.ActiveDigests();

    @BeforeEach
    void setUp() throws IOException {
        driver = new FilesystemDriver(root);
        blobs = new BlobStore(driver);
        repositoryBlobs = new LocalRepositoryBlobStore(driver, blobs, false);
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        timer.shutdownNow();
    }

    private UpstreamFills fills(Duration timeout) {
        return new UpstreamFills(upstream, driver, blobs, repositoryBlobs, threads, timer, timeout, statistics, index, active, () -> { });
    }

    @Test
    void concurrentJoinsShareOneTransferAndAllReadTheBytes() throws Exception {
        Digest digest = upstream.putRandomBlob(3 * 1024 * 1024);
        upstream.blobGate = new CountDownLatch(1); // the upstream holds the body until all have joined
        UpstreamFills fills = fills(Duration.ofMinutes(1));
        int readers = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(readers);
        try {
            List<Future<Fill>> joins = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                joins.add(clients.submit(() -> {
                    go.await();
                    return fills.join(REPO, digest).orElseThrow();
                }));
            }
            go.countDown();
            List<Fill> joined = new ArrayList<>();
            for (Future<Fill> join : joins) {
                joined.add(join.get(10, TimeUnit.SECONDS));
            }
            SpooledFill shared = ((JoinedFill) joined.get(0)).shared();
            assertTrue(joined.stream().allMatch(fill -> ((JoinedFill) fill).shared() == shared), "one transfer for all");
            upstream.blobGate.countDown();
            List<Future<byte[]>> reads = new ArrayList<>();
            for (Fill fill : joined) {
                reads.add(clients.submit(() -> {
                    try (InputStream in = new FillInputStream(fill, 0)) {
                        return in.readAllBytes();
                    }
                }));
            }
            for (Future<byte[]> read : reads) {
                assertArrayEquals(upstream.blobs.get(digest), read.get(30, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(1, upstream.blobGets.get());
        assertEquals(1, statistics.fillsStarted());
        assertEquals(readers - 1, statistics.fillsJoined());
        assertTrue(repositoryBlobs.stat(REPO, digest).isPresent());
        assertEquals(3 * 1024 * 1024, index.blob(digest).orElseThrow().size());
        // The fill lets go of its digest before readers hear it committed, and every reader has
        // closed its handle: nothing may hold the digest now, without waiting.
        assertFalse(active.inUse(digest), "a finished fill and its closed readers release the digest");
        assertEquals(0, fills.inProgress());
    }

    @Test
    void wrongContentIsNeverCommittedAndReadersFail() throws Exception {
        Digest digest = upstream.putRandomBlob(100_000);
        upstream.blobs.put(digest, new byte[100_000]);
        Fill fill = fills(Duration.ofMinutes(1)).join(REPO, digest).orElseThrow();
        try (InputStream in = new FillInputStream(fill, 0)) {
            assertThrows(IOException.class, in::readAllBytes);
        }
        assertEquals(Fill.Status.FAILED, fill.status());
        assertTrue(blobs.size(digest).isEmpty());
        assertTrue(index.blob(digest).isEmpty());
        assertTrue(spoolGoneSoon(), "the spool is deleted");
    }

    @Test
    void stalledTransferIsAbandonedAfterTheFillTimeout() throws Exception {
        Digest digest = upstream.putRandomBlob(50_000);
        upstream.stall = true;
        Fill fill = fills(Duration.ofMillis(300)).join(REPO, digest).orElseThrow();
        try (InputStream in = new FillInputStream(fill, 0)) {
            IOException e = assertThrows(IOException.class, in::readAllBytes);
            assertTrue(e.getMessage().contains("filltimeout"), e.getMessage());
        }
        assertTrue(blobs.size(digest).isEmpty());
        assertTrue(spoolGoneSoon(), "the spool is deleted");
    }

    @Test
    void missingUpstreamBlobIsNotFound() throws Exception {
        Digest digest = Digest.sha256Of(new byte[] {1, 2, 3});
        Fill fill = fills(Duration.ofMinutes(1)).join(REPO, digest).orElseThrow();
        try (InputStream in = new FillInputStream(fill, 0)) {
            assertThrows(IOException.class, in::readAllBytes);
        }
        assertEquals(Fill.Status.NOT_FOUND, fill.status());
    }

    @Test
    void aRejectingExecutorEndsTheFillAndForgetsIt() throws Exception {
        Digest digest = upstream.putRandomBlob(1000);
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.shutdown(); // as after undeploy
        UpstreamFills fills = new UpstreamFills(upstream, driver, blobs, repositoryBlobs, stopped, timer,
                Duration.ofMinutes(1), statistics, index, active, () -> { });
        RuntimeException refused = assertThrows(RuntimeException.class, () -> fills.join(REPO, digest));
        assertTrue(refused instanceof dev.wharf.error.RegistryException, "typed, not " + refused);
        assertEquals(0, fills.inProgress(), "a fill that never ran is not left running");
        assertFalse(active.inUse(digest));
    }

    @Test
    void anErrorOnTheFillThreadFailsTheFill() throws Exception {
        Digest digest = upstream.putRandomBlob(1000);
        upstream.getBlobThrows = new AssertionError("a bug (fake)");
        UpstreamFills fills = fills(Duration.ofMinutes(1));
        Fill fill = fills.join(REPO, digest).orElseThrow();
        awaitEnd(fill);
        assertEquals(Fill.Status.FAILED, fill.status(), "readers must hear of the end");
        assertEquals(OciErrorCode.UNAVAILABLE, fill.failure().orElseThrow().code());
        assertEquals(0, fills.inProgress());
    }

    @Test
    void aFullFillQueueAnswersUnavailable() throws Exception {
        upstream.blobGate = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ThreadPoolExecutor small = new java.util.concurrent.ThreadPoolExecutor(1, 1, 1,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1));
        try {
            UpstreamFills fills = new UpstreamFills(upstream, driver, blobs, repositoryBlobs, small, timer,
                    Duration.ofMinutes(1), statistics, index, active, () -> { });
            fills.join(REPO, upstream.putRandomBlob(100));
            fills.join(REPO, upstream.putRandomBlob(200));
            Digest third = upstream.putRandomBlob(300);
            RuntimeException busy = assertThrows(RuntimeException.class, () -> fills.join(REPO, third));
            assertTrue(busy instanceof RetryLaterException, "typed, not " + busy);
            assertEquals(OciErrorCode.UNAVAILABLE, ((RetryLaterException) busy).code());
            assertFalse(active.inUse(third));
            assertEquals(2, fills.inProgress());
        } finally {
            upstream.blobGate.countDown();
            small.shutdownNow();
        }
    }

    @Test
    void joiningAfterTheFillCommittedDoesNotFetchAgain() throws Exception {
        Digest digest = upstream.putRandomBlob(10_000);
        UpstreamFills fills = fills(Duration.ofMinutes(1));
        // A request checked "not cached" here; then the fill commits and leaves before it joins.
        Fill first = fills.join(REPO, digest).orElseThrow();
        try (InputStream in = new FillInputStream(first, 0)) {
            in.readAllBytes();
        }
        assertEquals(0, fills.inProgress(), "a fill leaves only once it has committed, linked and told its readers");
        assertTrue(fills.join(REPO, digest).isEmpty(), "the stored blob, not a new fill");
        assertEquals(1, upstream.blobGets.get(), "a second upstream transfer of a cached blob");
    }

    @Test
    void aLateJoinerHoldsTheDigestUntilItHasRead() throws Exception {
        Digest digest = upstream.putRandomBlob(10_000);
        upstream.blobGate = new java.util.concurrent.CountDownLatch(1);
        UpstreamFills fills = fills(Duration.ofMinutes(1));
        Fill fill = fills.join(REPO, digest).orElseThrow();
        upstream.blobGate.countDown();
        awaitNoFill(fills);
        awaitEnd(fill);
        assertEquals(Fill.Status.COMMITTED, fill.status());
        assertTrue(active.inUse(digest), "the janitor could evict the blob before this reader opens it");
        try (InputStream in = fill.open(0)) {
            assertEquals(10_000, in.readAllBytes().length);
        }
        fill.close();
        assertFalse(active.inUse(digest));
    }

    @Test
    void shutdownRefusesNewFillsAndEndsRunningOnes() throws Exception {
        Digest digest = upstream.putRandomBlob(50_000);
        upstream.stall = true;
        UpstreamFills fills = fills(Duration.ofMinutes(1));
        Fill fill = fills.join(REPO, digest).orElseThrow();
        while (fill.status() == Fill.Status.STARTING) {
            Thread.sleep(5);
        }
        fills.shutdown(Duration.ofMillis(200));
        assertEquals(Fill.Status.FAILED, fill.status());
        assertEquals(0, fills.inProgress());
        assertTrue(threads.isTerminated(), "the fill threads are gone before the index may close");
        assertThrows(RetryLaterException.class, () -> fills.join(REPO, upstream.putRandomBlob(10)));
        fill.close();
        assertFalse(active.inUse(digest));
        assertTrue(spoolGoneSoon(), "the spool is deleted");
    }

    @Test
    void anUpstreamThatLiesAboutTheLengthIsNotCommitted() throws Exception {
        Digest digest = upstream.putRandomBlob(100_000);
        upstream.announcedSize = 200_000;
        Fill fill = fills(Duration.ofMinutes(1)).join(REPO, digest).orElseThrow();
        try (InputStream in = new FillInputStream(fill, 0)) {
            assertThrows(IOException.class, in::readAllBytes);
        }
        assertEquals(Fill.Status.FAILED, fill.status());
        assertTrue(blobs.size(digest).isEmpty());
    }

    private static void awaitEnd(Fill fill) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((fill.status() == Fill.Status.STARTING || fill.status() == Fill.Status.STREAMING) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private static void awaitNoFill(UpstreamFills fills) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (fills.inProgress() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void refusedUpstreamDeniesTheFill() throws Exception {
        Digest digest = upstream.putRandomBlob(1000);
        upstream.denied = true;
        Fill fill = fills(Duration.ofMinutes(1)).join(REPO, digest).orElseThrow();
        try (InputStream in = new FillInputStream(fill, 0)) {
            assertThrows(IOException.class, in::readAllBytes);
        }
        assertEquals(OciErrorCode.DENIED, fill.failure().orElseThrow().code());
    }

    @Test
    void readersNeverGetTheLastByteBeforeVerification() {
        SpooledFill fill = new SpooledFill(Digest.sha256Of(new byte[0]), StoragePaths.uploadData(REPO,
                dev.wharf.domain.UploadId.random()), driver);
        assertEquals(0, fill.readable());
        fill.streaming(10);
        fill.progressed(10);
        assertEquals(9, fill.readable());
    }

    /** Readers hear of a failure before the spool goes (so none mistakes a missing spool for the end); wait for it. */
    private boolean spoolGoneSoon() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!noUploadDataLeft() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return noUploadDataLeft();
    }

    private boolean noUploadDataLeft() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.noneMatch(path -> path.toString().contains("_uploads") && path.getFileName().toString().equals("data"));
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
            return false; // a directory went while walking: the spool is being deleted right now
        }
    }
}
