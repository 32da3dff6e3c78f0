package dev.wharf.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.expiry.ActiveDigests;
import dev.wharf.expiry.CacheIndex;
import dev.wharf.expiry.MvStoreCacheIndex;
import dev.wharf.storage.BlobStore;
import dev.wharf.storage.LocalRepositoryBlobStore;
import dev.wharf.storage.OpenBlob;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.filesystem.FilesystemDriver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyRepositoryBlobStoreTest {
    private static final RepositoryName REPO = RepositoryName.parse("library/app");
    private static final RepositoryName OTHER = RepositoryName.parse("library/other");

    @TempDir
    Path root;

    private final FakeUpstream upstream = new FakeUpstream();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ProxyStatistics statistics = new ProxyStatistics();
    private final CacheIndex index = MvStoreCacheIndex.inMemory();
    private final ActiveDigests active = new ActiveDigests();
    private BlobStore blobs;
    private LocalRepositoryBlobStore local;
    private ProxyRepositoryBlobStore store;

    @BeforeEach
    void setUp() throws IOException {
        StorageDriver driver = new FilesystemDriver(root);
        blobs = new BlobStore(driver);
        local = new LocalRepositoryBlobStore(driver, blobs, false);
        UpstreamFills fills = new UpstreamFills(upstream, driver, blobs, local, threads, timer, Duration.ofMinutes(1),
                statistics, index, active, () -> { });
        store = new ProxyRepositoryBlobStore(local, blobs, upstream, fills, statistics, index, active);
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void aColdReadFillsAndHoldsTheDigestUntilClosed() throws Exception {
        Digest digest = upstream.putRandomBlob(70_000);
        OpenBlob blob = store.read(REPO, digest).orElseThrow();
        assertEquals(70_000, blob.size());
        try (blob; InputStream in = blob.stream(0)) {
            assertArrayEquals(upstream.blobs.get(digest), in.readAllBytes());
            assertTrue(active.inUse(digest));
        }
        assertFalse(active.inUse(digest), "closing the blob releases the digest");
        assertTrue(local.stat(REPO, digest).isPresent());
    }

    @Test
    void aWarmReadIsOneLocalLookupAndHoldsTheDigest() throws Exception {
        Digest digest = upstream.putRandomBlob(1000);
        try (OpenBlob cold = store.read(REPO, digest).orElseThrow(); InputStream in = cold.stream(0)) {
            in.readAllBytes();
        }
        upstream.down = true; // a cached blob needs no upstream
        OpenBlob warm = store.read(REPO, digest).orElseThrow();
        assertTrue(active.inUse(digest));
        try (warm; InputStream in = warm.stream(10)) {
            assertEquals(990, in.readAllBytes().length);
        }
        assertFalse(active.inUse(digest));
    }

    @Test
    void aBlobCachedForAnotherRepositoryIsLinkedOnceTheUpstreamConfirms() throws Exception {
        Digest digest = upstream.putRandomBlob(1000);
        try (OpenBlob blob = store.read(OTHER, digest).orElseThrow(); InputStream in = blob.stream(0)) {
            in.readAllBytes();
        }
        try (OpenBlob blob = store.read(REPO, digest).orElseThrow()) {
            assertEquals(1000, blob.size());
        }
        assertEquals(1, upstream.blobGets.get(), "linked, not fetched again");
        assertTrue(local.stat(REPO, digest).isPresent());
    }

    @Test
    void aRefusingUpstreamIsDeniedOnStatAndRead() {
        Digest digest = upstream.putRandomBlob(1000);
        upstream.denied = true;
        assertEquals(OciErrorCode.DENIED, assertThrows(RegistryException.class, () -> store.stat(REPO, digest)).code());
        assertEquals(OciErrorCode.DENIED, assertThrows(RegistryException.class, () -> store.read(REPO, digest)).code());
        assertFalse(active.inUse(digest));
    }

    @Test
    void aDownUpstreamIsUnavailableOnStatAndRead() {
        Digest digest = upstream.putRandomBlob(1000);
        upstream.down = true;
        assertEquals(OciErrorCode.UNAVAILABLE, assertThrows(RegistryException.class, () -> store.stat(REPO, digest)).code());
        assertEquals(OciErrorCode.UNAVAILABLE, assertThrows(RegistryException.class, () -> store.read(REPO, digest)).code());
        assertFalse(active.inUse(digest));
    }

    @Test
    void aBlobTheUpstreamLacksIsAbsent() throws Exception {
        Digest digest = Digest.sha256Of(new byte[] {9});
        assertTrue(store.read(REPO, digest).isEmpty());
        assertFalse(active.inUse(digest));
    }
}
