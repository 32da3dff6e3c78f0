package dev.wharf.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
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
import java.util.Random;
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

    private Digest upstreamBlob(int size) {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Digest digest = Digest.sha256Of(content);
        upstream.blobs.put(digest, content);
        return digest;
    }

    @Test
    void concurrentJoinsShareOneTransferAndAllReadTheBytes() throws Exception {
        Digest digest = upstreamBlob(3 * 1024 * 1024);
        UpstreamFills fills = fills(Duration.ofMinutes(1));
        Fill first = fills.join(REPO, digest);
        Fill second = fills.join(REPO, digest);
        assertSame(first, second);
        try (InputStream a = new FillInputStream(first, 0); InputStream b = new FillInputStream(second, 100)) {
            byte[] all = a.readAllBytes();
            byte[] tail = b.readAllBytes();
            assertArrayEquals(upstream.blobs.get(digest), all);
            assertEquals(all.length - 100, tail.length);
        }
        assertEquals(1, upstream.blobGets.get());
        assertEquals(Fill.Status.COMMITTED, first.status());
        assertTrue(repositoryBlobs.stat(REPO, digest).isPresent());
        assertEquals(1, statistics.fillsStarted());
        assertEquals(1, statistics.fillsJoined());
        assertEquals(3 * 1024 * 1024, index.blob(digest).orElseThrow().size());
        org.junit.jupiter.api.Assertions.assertFalse(active.inUse(digest), "a finished fill releases its digest");
    }

    @Test
    void wrongContentIsNeverCommittedAndReadersFail() throws Exception {
        Digest digest = upstreamBlob(100_000);
        upstream.blobs.put(digest, new byte[100_000]);
        Fill fill = fills(Duration.ofMinutes(1)).join(REPO, digest);
        try (InputStream in = new FillInputStream(fill, 0)) {
            assertThrows(IOException.class, in::readAllBytes);
        }
        assertEquals(Fill.Status.FAILED, fill.status());
        assertTrue(blobs.size(digest).isEmpty());
        assertTrue(index.blob(digest).isEmpty());
        assertTrue(noUploadDataLeft());
    }

    @Test
    void stalledTransferIsAbandonedAfterTheFillTimeout() throws Exception {
        Digest digest = upstreamBlob(50_000);
        upstream.stall = true;
        Fill fill = fills(Duration.ofMillis(300)).join(REPO, digest);
        try (InputStream in = new FillInputStream(fill, 0)) {
            IOException e = assertThrows(IOException.class, in::readAllBytes);
            assertTrue(e.getMessage().contains("filltimeout"), e.getMessage());
        }
        assertTrue(blobs.size(digest).isEmpty());
        assertTrue(noUploadDataLeft());
    }

    @Test
    void missingUpstreamBlobIsNotFound() throws Exception {
        Digest digest = Digest.sha256Of(new byte[] {1, 2, 3});
        Fill fill = fills(Duration.ofMinutes(1)).join(REPO, digest);
        try (InputStream in = new FillInputStream(fill, 0)) {
            assertThrows(IOException.class, in::readAllBytes);
        }
        assertEquals(Fill.Status.NOT_FOUND, fill.status());
    }

    @Test
    void readersNeverGetTheLastByteBeforeVerification() {
        SpooledFill fill = new SpooledFill(Digest.sha256Of(new byte[0]), StoragePaths.uploadData(REPO,
                dev.wharf.domain.UploadId.random()), driver);
        fill.streaming(10);
        fill.progressed(10);
        assertEquals(9, fill.readable());
    }

    private boolean noUploadDataLeft() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.noneMatch(path -> path.toString().contains("_uploads") && path.getFileName().toString().equals("data"));
        }
    }
}
