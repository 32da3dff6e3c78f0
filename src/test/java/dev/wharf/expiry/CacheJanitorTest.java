package dev.wharf.expiry;

import static dev.wharf.expiry.CachedImages.digest;
import static dev.wharf.expiry.CachedImages.directoryOf;
import static dev.wharf.expiry.CachedImages.repo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.Tag;
import dev.wharf.storage.StoragePaths;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.filesystem.FilesystemDriver;
import dev.wharf.storage.driver.inmemory.InMemoryDriver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheJanitorTest {
    private static final RepositoryName APP = repo("library/app");
    private static final RepositoryName OTHER = repo("team/other");
    private static final Duration DAY = Duration.ofDays(1);
    private static final long MIB = 1024 * 1024;

    private final MutableClock clock = new MutableClock();
    private final MvStoreCacheIndex index = MvStoreCacheIndex.inMemory();
    private final Set<Digest> inUse = new HashSet<>();
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private StorageDriver driver = new InMemoryDriver();
    private CacheJanitor lastJanitor;
    private CachedImages images = new CachedImages(driver, index, clock);

    @BeforeEach
    void captureLog() {
        Logger.getLogger(CacheJanitor.class.getName()).addHandler(capture);
    }

    @AfterEach
    void close() {
        Logger.getLogger(CacheJanitor.class.getName()).removeHandler(capture);
        index.close();
    }

    private CacheJanitor janitor(Duration ttl, OptionalLong maxSize) {
        lastJanitor = new CacheJanitor(index, new StorageCachedContent(driver), clock, ttl, maxSize, inUse::contains);
        return lastJanitor;
    }

    @Test
    void anExpiredImageTakesItsOwnLayersAndTagsButNotWhatALiveImageShares(@TempDir Path root) throws IOException {
        driver = new FilesystemDriver(root);
        images = new CachedImages(driver, index, clock);
        Digest shared = images.blob(APP, "shared", 1000);
        Digest oldConfig = images.blob(APP, "old-config", 10);
        Digest oldLayer = images.blob(APP, "old-layer", 1000);
        Digest old = images.image(APP, oldConfig, List.of(shared, oldLayer), 100, "1.0", "stable");
        Digest newConfig = images.blob(APP, "new-config", 10);
        Digest newLayer = images.blob(APP, "new-layer", 1000);
        Digest current = images.image(APP, newConfig, List.of(shared, newLayer), 100, "2.0", "latest");

        clock.advance(Duration.ofHours(12));
        // Clients pull "latest" again: the manifest is read, the layers they already have are not.
        index.manifestAccessed(APP, current, clock.instant());
        clock.advance(Duration.ofHours(13));
        janitor(DAY, OptionalLong.empty()).runPass();

        assertFalse(images.exists(StoragePaths.tagDirectory(APP, new Tag("1.0"))));
        assertFalse(images.exists(StoragePaths.tagDirectory(APP, new Tag("stable"))));
        assertFalse(images.exists(directoryOf(StoragePaths.manifestRevisionLink(APP, old))));
        for (Digest gone : List.of(old, oldConfig, oldLayer)) {
            assertFalse(images.exists(StoragePaths.blobDirectory(gone)), gone + " should be deleted");
            assertTrue(index.blob(gone).isEmpty());
        }
        assertFalse(images.exists(directoryOf(StoragePaths.layerLink(APP, oldLayer))));
        assertTrue(images.exists(StoragePaths.tagCurrentLink(APP, new Tag("2.0"))));
        assertTrue(images.exists(StoragePaths.tagCurrentLink(APP, new Tag("latest"))));
        assertTrue(images.exists(StoragePaths.manifestRevisionLink(APP, current)));
        for (Digest kept : List.of(current, shared, newConfig, newLayer)) {
            assertTrue(images.exists(StoragePaths.blobData(kept)), kept + " should be kept");
        }
        assertTrue(images.exists(StoragePaths.layerLink(APP, shared)));
        assertEquals(new CacheTotals(100 + 1000 + 10 + 1000, 1, 4), index.totals());
    }

    @Test
    void aManifestHeldByTwoRepositoriesKeepsItsContentUntilBothExpire() throws IOException {
        Digest config = images.blob(APP, "config", 10);
        images.blob(OTHER, "config", 10);
        Digest manifest = images.image(APP, config, List.of(), 100, "latest");
        images.image(OTHER, config, List.of(), 100, "latest");
        clock.advance(Duration.ofHours(20));
        index.manifestAccessed(OTHER, manifest, clock.instant());
        clock.advance(Duration.ofHours(5));

        janitor(DAY, OptionalLong.empty()).runPass();

        assertFalse(images.exists(directoryOf(StoragePaths.manifestRevisionLink(APP, manifest))));
        assertFalse(images.exists(StoragePaths.tagDirectory(APP, new Tag("latest"))));
        assertTrue(images.exists(StoragePaths.manifestRevisionLink(OTHER, manifest)));
        assertTrue(images.exists(StoragePaths.blobData(manifest)));
        assertTrue(images.exists(StoragePaths.blobData(config)));

        clock.advance(DAY);
        janitor(DAY, OptionalLong.empty()).runPass();

        assertFalse(images.exists(StoragePaths.blobDirectory(manifest)));
        assertFalse(images.exists(StoragePaths.blobDirectory(config)));
        assertFalse(images.exists(directoryOf(StoragePaths.layerLink(OTHER, config))));
        assertEquals(new CacheTotals(0, 0, 0), index.totals());
    }

    @Test
    void blobsPulledWithoutAManifestExpireByTheirOwnAccess() {
        Digest early = images.blob(APP, "early", 10);
        clock.advance(Duration.ofHours(12));
        Digest later = images.blob(APP, "later", 10);
        clock.advance(Duration.ofHours(13));

        janitor(DAY, OptionalLong.empty()).runPass();

        assertFalse(images.exists(StoragePaths.blobDirectory(early)));
        assertTrue(images.exists(StoragePaths.blobData(later)));
    }

    @Test
    void evictsLeastRecentlyUsedImagesDownToTheLowWaterMark() {
        List<Digest> manifests = new ArrayList<>();
        List<Digest> layers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Digest config = images.blob(APP, "config" + i, MIB / 2);
            Digest layer = images.blob(APP, "layer" + i, 9 * MIB);
            layers.add(layer);
            manifests.add(images.image(APP, config, List.of(layer), MIB / 2, "v" + i));
            clock.advance(Duration.ofMinutes(1));
        }
        // Image 3 is pulled again: the most recently used now.
        index.manifestAccessed(APP, manifests.get(3), clock.instant());
        assertEquals(20 * 10 * MIB, index.totals().bytes());

        long maxSize = 100 * MIB;
        janitor(Duration.ZERO, OptionalLong.of(maxSize)).runPass();

        // 10 MiB each; 90 MiB is the low-water mark: 11 images go, the 9 most recently used stay.
        assertEquals(90 * MIB, index.totals().bytes());
        Set<Integer> kept = Set.of(3, 13, 14, 15, 16, 17, 18, 19, 12);
        for (int i = 0; i < 20; i++) {
            assertEquals(kept.contains(i), images.exists(StoragePaths.manifestRevisionLink(APP, manifests.get(i))), "image " + i);
            assertEquals(kept.contains(i), images.exists(StoragePaths.blobData(layers.get(i))), "layer " + i);
        }
        assertEquals(11, lastJanitor.statistics().imagesEvicted());
        assertEquals(33, lastJanitor.statistics().blobsEvicted());
        assertLogged("cache: expired 0 manifests and 0 blobs (0.0 MiB), evicted 11 images (110.0 MiB) to stay under "
                + "proxy.maxsize 100.0 MiB; now 90.0 MiB in 36 entries");
    }

    @Test
    void evictionCountsLooseBlobsInTheLeastRecentlyUsedOrder() {
        Digest loose = images.blob(APP, "loose", 60 * MIB);
        clock.advance(Duration.ofMinutes(1));
        Digest layer = images.blob(APP, "layer", 50 * MIB);
        Digest manifest = images.image(APP, layer, List.of(), 0, "latest");

        janitor(Duration.ZERO, OptionalLong.of(100 * MIB)).runPass();

        assertFalse(images.exists(StoragePaths.blobDirectory(loose)));
        assertTrue(images.exists(StoragePaths.manifestRevisionLink(APP, manifest)));
        assertEquals(50 * MIB, index.totals().bytes());
        assertLogged("cache: expired 0 manifests and 0 blobs (0.0 MiB), evicted 0 images and 1 unreferenced blobs "
                + "(60.0 MiB) to stay under proxy.maxsize 100.0 MiB; now 50.0 MiB in 3 entries");
    }

    @Test
    void neverRemovesWhatIsInUse() {
        Digest config = images.blob(APP, "config", 10);
        Digest layer = images.blob(APP, "layer", 1000);
        Digest manifest = images.image(APP, config, List.of(layer), 100, "latest");
        Digest streaming = images.blob(APP, "streaming", 1000);
        clock.advance(Duration.ofDays(2));
        inUse.add(layer);
        inUse.add(streaming);
        CacheJanitor janitor = janitor(DAY, OptionalLong.empty());

        janitor.runPass();

        assertFalse(images.exists(StoragePaths.manifestRevisionLink(APP, manifest)));
        assertFalse(images.exists(StoragePaths.blobDirectory(config)));
        assertTrue(images.exists(StoragePaths.blobData(layer)));
        assertTrue(images.exists(StoragePaths.blobData(streaming)));

        inUse.clear();
        janitor.runPass();

        assertFalse(images.exists(StoragePaths.blobDirectory(layer)));
        assertFalse(images.exists(StoragePaths.blobDirectory(streaming)));
        assertEquals(new CacheTotals(0, 0, 0), index.totals());
    }

    @Test
    void aManifestInUseIsNotEvictedAndTheNextOneIs() {
        Digest busyLayer = images.blob(APP, "busy", 60 * MIB);
        Digest busy = images.image(APP, busyLayer, List.of(), 0, "busy");
        clock.advance(Duration.ofMinutes(1));
        Digest idleLayer = images.blob(APP, "idle", 60 * MIB);
        Digest idle = images.image(APP, idleLayer, List.of(), 0, "idle");
        inUse.add(busy);

        janitor(Duration.ZERO, OptionalLong.of(100 * MIB)).runPass();

        assertTrue(images.exists(StoragePaths.manifestRevisionLink(APP, busy)));
        assertFalse(images.exists(StoragePaths.manifestRevisionLink(APP, idle)));
        assertFalse(images.exists(StoragePaths.blobDirectory(idleLayer)));
    }

    @Test
    void aZeroTtlDisablesExpiryButNotTheBudget() {
        Digest layer = images.blob(APP, "layer", 10 * MIB);
        Digest manifest = images.image(APP, layer, List.of(), 100, "latest");
        clock.advance(Duration.ofDays(365));
        CacheJanitor janitor = janitor(Duration.ZERO, OptionalLong.of(20 * MIB));

        Instant next = janitor.runPass();

        assertTrue(images.exists(StoragePaths.manifestRevisionLink(APP, manifest)));
        assertEquals(clock.instant().plus(CacheJanitor.MAX_INTERVAL), next);

        Digest big = images.blob(APP, "big", 15 * MIB);
        assertTrue(janitor.overBudget());
        clock.advance(CacheJanitor.MIN_INTERVAL);
        janitor.tick();

        assertFalse(images.exists(StoragePaths.manifestRevisionLink(APP, manifest)));
        assertTrue(images.exists(StoragePaths.blobData(big)));
        assertFalse(janitor.overBudget());
        assertTrue(logged.isEmpty() || logged.stream().allMatch(r -> r.getLevel() == Level.INFO));
    }

    @Test
    void theNextPassIsDueWhenTheOldestRemainingEntryExpires() {
        CacheJanitor janitor = janitor(DAY, OptionalLong.empty());
        // Nothing cached: nothing recorded from now on can expire within a day, and an hour is the cap.
        assertEquals(clock.instant().plus(CacheJanitor.MAX_INTERVAL), janitor.runPass());

        Duration ttl = Duration.ofMinutes(30);
        janitor = janitor(ttl, OptionalLong.empty());
        assertEquals(clock.instant().plus(ttl), janitor.runPass());

        Digest layer = images.blob(APP, "layer", 10);
        Instant recorded = clock.instant();
        images.image(APP, layer, List.of(), 100, "latest");
        clock.advance(Duration.ofMinutes(10));
        assertEquals(recorded.plus(ttl), janitor.runPass());

        // Due now but in use: retried after the minimum interval, not in a busy loop.
        inUse.add(layer);
        clock.advance(Duration.ofMinutes(25));
        assertEquals(clock.instant().plus(CacheJanitor.MIN_INTERVAL), janitor.runPass());
        assertTrue(images.exists(StoragePaths.blobData(layer)));
    }

    @Test
    void aFailedDeletionIsLoggedSkippedAndRetried() {
        FlakyContent content = new FlakyContent(new StorageCachedContent(driver));
        Digest stuck = images.blob(APP, "stuck", 10);
        Digest fine = images.blob(APP, "fine", 10);
        content.failing.add(stuck);
        clock.advance(Duration.ofDays(2));
        CacheJanitor janitor = new CacheJanitor(index, content, clock, DAY, OptionalLong.empty(), digest -> false);

        janitor.runPass();

        assertFalse(images.exists(StoragePaths.blobDirectory(fine)));
        assertTrue(index.blob(stuck).isPresent());
        assertEquals(1, janitor.statistics().deletionFailures());
        assertTrue(logged.stream().anyMatch(r -> r.getLevel() == Level.WARNING && r.getMessage().contains(stuck.toString())
                && r.getMessage().contains(StoragePaths.blobDirectory(stuck))), "logged with the path");

        content.failing.clear();
        janitor.runPass();
        assertTrue(index.blob(stuck).isEmpty());
        assertEquals(2, janitor.statistics().blobsExpired());
    }

    @Test
    void logsOnlyWhenSomethingWasRemoved() {
        images.blob(APP, "layer", 2 * MIB);
        CacheJanitor janitor = janitor(DAY, OptionalLong.empty());
        janitor.runPass();
        assertTrue(logged.isEmpty());

        clock.advance(Duration.ofDays(2));
        janitor.runPass();
        assertLogged("cache: expired 0 manifests and 1 blobs (2.0 MiB); now 0.0 MiB in 0 entries");
        assertEquals(2 * MIB, janitor.statistics().bytesExpired());
    }

    private void assertLogged(String message) {
        assertTrue(logged.stream().anyMatch(r -> r.getLevel() == Level.INFO && r.getMessage().equals(message)),
                "expected log line " + message + ", got " + logged.stream().map(LogRecord::getMessage).toList());
    }

    /** Refuses to delete chosen digests, as storage that failed would. */
    private static final class FlakyContent implements CachedContent {
        final Set<Digest> failing = new HashSet<>();
        private final CachedContent delegate;

        FlakyContent(CachedContent delegate) {
            this.delegate = delegate;
        }

        @Override
        public void removeManifest(RepositoryName repository, Digest digest) throws IOException {
            delegate.removeManifest(repository, digest);
        }

        @Override
        public void removeBlob(Digest digest, Collection<RepositoryName> repositories) throws IOException {
            if (failing.contains(digest)) {
                throw new IOException("cannot delete " + StoragePaths.blobDirectory(digest) + ": permission denied");
            }
            delegate.removeBlob(digest, repositories);
        }
    }
}
