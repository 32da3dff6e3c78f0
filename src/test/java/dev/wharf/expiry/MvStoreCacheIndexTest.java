package dev.wharf.expiry;

import static dev.wharf.expiry.CachedImages.digest;
import static dev.wharf.expiry.CachedImages.repo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.expiry.EntryCodec.BlobValue;
import dev.wharf.expiry.EntryCodec.ManifestValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvStoreCacheIndexTest {
    private static final RepositoryName APP = repo("library/app");
    private static final RepositoryName OTHER = repo("team/other");
    private static final Instant T0 = MutableClock.START;

    @TempDir
    Path dir;

    @Test
    void recordsRoundTrip() {
        try (MvStoreCacheIndex index = MvStoreCacheIndex.inMemory()) {
            Digest config = digest("config");
            Digest layer = digest("layer");
            Digest manifest = digest("manifest");
            index.recordBlob(APP, layer, 1000, T0);
            index.recordManifest(APP, manifest, 300, List.of(config, layer, layer, manifest), T0.plusSeconds(1));

            ManifestEntry entry = index.manifest(APP, manifest).orElseThrow();
            assertEquals(new ManifestEntry(APP, manifest, 300, T0.plusSeconds(1), List.of(config, layer)), entry);
            assertEquals(new BlobEntry(layer, 1000, T0, Set.of(APP), 1), index.blob(layer).orElseThrow());
            // The manifest's content is a blob kept alive by the manifest entry.
            assertEquals(new BlobEntry(manifest, 300, T0.plusSeconds(1), Set.of(), 1), index.blob(manifest).orElseThrow());
            // Referenced but never fetched: counted, not an entry.
            assertEquals(Optional.empty(), index.blob(config));
            assertEquals(new CacheTotals(1300, 1, 2), index.totals());
        }
    }

    @Test
    void reopensFromFile() throws IOException {
        Path file = dir.resolve("cache-index.mv");
        Digest layer = digest("layer");
        Digest manifest = digest("manifest");
        try (MvStoreCacheIndex index = MvStoreCacheIndex.open(file)) {
            index.recordBlob(APP, layer, 1000, T0);
            index.recordBlob(OTHER, layer, 1000, T0);
            index.recordManifest(APP, manifest, 300, List.of(layer), T0);
            index.manifestAccessed(APP, manifest, T0.plusSeconds(5));
        }
        assertFalse(Files.exists(MvStoreCacheIndex.journalOf(file)), "a clean close leaves no journal");

        try (MvStoreCacheIndex index = MvStoreCacheIndex.open(file)) {
            assertEquals(new CacheTotals(1300, 1, 2), index.totals());
            assertEquals(new BlobEntry(layer, 1000, T0, Set.of(APP, OTHER), 1), index.blob(layer).orElseThrow());
            // The access noted before close was flushed by close.
            assertEquals(T0.plusSeconds(5), index.manifest(APP, manifest).orElseThrow().lastAccess());
        }
        assertConsistent(file);
    }

    @Test
    void totalsAreIncrementalAndNeverDoubleCounted() {
        try (MvStoreCacheIndex index = MvStoreCacheIndex.inMemory()) {
            Digest layer = digest("layer");
            Digest manifest = digest("manifest");
            index.recordBlob(APP, layer, 1000, T0);
            index.recordBlob(APP, layer, 1000, T0.plusSeconds(1));
            index.recordBlob(OTHER, layer, 1000, T0.plusSeconds(2));
            assertEquals(new CacheTotals(1000, 0, 1), index.totals());

            index.recordManifest(APP, manifest, 200, List.of(layer), T0);
            index.recordManifest(APP, manifest, 200, List.of(layer), T0.plusSeconds(3));
            assertEquals(new CacheTotals(1200, 1, 2), index.totals());
            assertEquals(1, index.blob(layer).orElseThrow().references());
            assertEquals(T0.plusSeconds(3), index.manifest(APP, manifest).orElseThrow().lastAccess());

            // The same manifest in a second repository: a second entry, the same bytes.
            index.recordManifest(OTHER, manifest, 200, List.of(layer), T0);
            assertEquals(new CacheTotals(1200, 2, 2), index.totals());
            assertEquals(2, index.blob(layer).orElseThrow().references());
            assertEquals(2, index.blob(manifest).orElseThrow().references());

            assertEquals(Optional.of(List.of()), index.removeManifest(APP, manifest, Instant.MAX));
            assertEquals(Optional.empty(), index.removeManifest(APP, manifest, Instant.MAX), "already removed");
            List<BlobEntry> unreferenced = index.removeManifest(OTHER, manifest, Instant.MAX).orElseThrow();
            assertEquals(Set.of(manifest, layer), digests(unreferenced));
            assertEquals(new CacheTotals(1200, 0, 2), index.totals());

            assertTrue(index.removeBlob(layer, Instant.MAX));
            assertFalse(index.removeBlob(layer, Instant.MAX));
            assertTrue(index.removeBlob(manifest, Instant.MAX));
            assertEquals(new CacheTotals(0, 0, 0), index.totals());
        }
    }

    @Test
    void removalsLeaveWhatWasCachedOrReadAgainMeanwhile() {
        try (MvStoreCacheIndex index = MvStoreCacheIndex.inMemory()) {
            Digest layer = digest("layer");
            Digest manifest = digest("manifest");
            Digest loose = digest("loose");
            index.recordManifest(APP, manifest, 100, List.of(layer), T0);
            index.recordBlob(APP, layer, 1000, T0);
            index.recordBlob(APP, loose, 1000, T0);

            // The janitor saw them idle at T0; since then the manifest was read, the loose blob refilled.
            index.manifestAccessed(APP, manifest, T0.plusSeconds(1));
            index.recordBlob(APP, loose, 1000, T0.plusSeconds(1));
            assertEquals(Optional.empty(), index.removeManifest(APP, manifest, T0));
            assertFalse(index.removeBlob(loose, T0));
            // Still referenced: never removed, whatever the time.
            assertFalse(index.removeBlob(layer, Instant.MAX));
            assertEquals(new CacheTotals(2100, 1, 3), index.totals());

            assertTrue(index.removeManifest(APP, manifest, T0.plusSeconds(1)).isPresent());
            assertTrue(index.removeBlob(layer, T0));
            assertTrue(index.removeBlob(loose, T0.plusSeconds(1)));
        }
    }

    @Test
    void referencesCountBeforeTheBlobIsFetched() {
        try (MvStoreCacheIndex index = MvStoreCacheIndex.inMemory()) {
            Digest layer = digest("layer");
            Digest manifest = digest("manifest");
            index.recordManifest(APP, manifest, 200, List.of(layer), T0);
            index.recordBlob(APP, layer, 1000, T0);

            assertEquals(1, index.blob(layer).orElseThrow().references());
            assertFalse(index.unreferencedBlobsIdleSince(Instant.MAX).hasNext());
        }
    }

    @Test
    void accessNotesStayInMemoryUntilFlush() throws IOException {
        Path file = dir.resolve("cache-index.mv");
        Digest first = digest("first");
        Digest second = digest("second");
        try (MvStoreCacheIndex index = MvStoreCacheIndex.open(file)) {
            index.recordManifest(APP, first, 100, List.of(), T0);
            index.recordManifest(APP, second, 100, List.of(), T0.plusSeconds(1));
            index.flush();

            index.manifestAccessed(APP, first, T0.plusSeconds(10));
            // Readers of one entry see the note; the order, which lives in the store, does not yet.
            assertEquals(T0.plusSeconds(10), index.manifest(APP, first).orElseThrow().lastAccess());
            assertEquals(first, index.leastRecentlyUsedManifest().orElseThrow().digest());
            // Nor does the file: a crash now opens with the recorded time.
            Path crashed = copyWhileOpen(file, dir.resolve("crashed"));
            try (MvStoreCacheIndex copy = MvStoreCacheIndex.open(crashed)) {
                assertEquals(T0, copy.manifest(APP, first).orElseThrow().lastAccess());
            }

            index.flush();
            assertEquals(second, index.leastRecentlyUsedManifest().orElseThrow().digest());
            assertEquals(T0.plusSeconds(10), index.blob(first).orElseThrow().lastAccess(),
                    "reading a manifest reads its content");
            // Notes never move an entry back in time, nor create one.
            index.manifestAccessed(APP, first, T0.plusSeconds(2));
            index.manifestAccessed(APP, digest("unknown"), T0.plusSeconds(2));
            index.blobAccessed(digest("unknown"), T0.plusSeconds(2));
            index.flush();
            assertEquals(T0.plusSeconds(10), index.manifest(APP, first).orElseThrow().lastAccess());
            assertEquals(new CacheTotals(200, 2, 2), index.totals());
        }
        assertConsistent(file);
    }

    @Test
    void iteratesIdleManifestsOldestFirstUpToTheCutoff() {
        try (MvStoreCacheIndex index = MvStoreCacheIndex.inMemory()) {
            List<Digest> byAge = new ArrayList<>();
            // Recorded out of order, so insertion order is not what comes back.
            for (int i : new int[] {3, 0, 4, 1, 2}) {
                Digest digest = digest("m" + i);
                index.recordManifest(APP, digest, 100, List.of(), T0.plusSeconds(i));
            }
            for (int i = 0; i < 5; i++) {
                byAge.add(digest("m" + i));
            }

            assertEquals(byAge.subList(0, 3), manifestDigests(index.manifestsIdleSince(T0.plusSeconds(2))));
            assertEquals(byAge, manifestDigests(index.manifestsIdleSince(Instant.MAX)));
            assertEquals(List.of(), manifestDigests(index.manifestsIdleSince(T0.minusSeconds(1))));

            // Entries removed or read while an iteration runs are skipped.
            Iterator<ManifestEntry> idle = index.manifestsIdleSince(T0.plusSeconds(3));
            assertEquals(byAge.get(0), idle.next().digest());
            index.removeManifest(APP, byAge.get(1), Instant.MAX);
            index.manifestAccessed(APP, byAge.get(2), T0.plusSeconds(60));
            index.flush();
            assertEquals(byAge.get(3), idle.next().digest());
            assertFalse(idle.hasNext());
        }
    }

    @Test
    void iteratesUnreferencedBlobsOldestFirst() {
        try (MvStoreCacheIndex index = MvStoreCacheIndex.inMemory()) {
            Digest loose = digest("loose");
            Digest shared = digest("shared");
            Digest unique = digest("unique");
            Digest first = digest("first");
            Digest second = digest("second");
            index.recordBlob(APP, loose, 10, T0.plusSeconds(5));
            index.recordBlob(APP, shared, 10, T0);
            index.recordBlob(APP, unique, 10, T0.plusSeconds(1));
            index.recordManifest(APP, first, 100, List.of(shared, unique), T0.plusSeconds(2));
            index.recordManifest(APP, second, 100, List.of(shared), T0.plusSeconds(3));
            assertEquals(List.of(loose), blobDigests(index.unreferencedBlobsIdleSince(Instant.MAX)));

            List<BlobEntry> unreferenced = index.removeManifest(APP, first, Instant.MAX).orElseThrow();

            assertEquals(Set.of(unique, first), digests(unreferenced));
            assertEquals(List.of(unique, first, loose), blobDigests(index.unreferencedBlobsIdleSince(Instant.MAX)));
            assertEquals(List.of(unique), blobDigests(index.unreferencedBlobsIdleSince(T0.plusSeconds(1))));
            // Access moves a blob in the order.
            index.blobAccessed(unique, T0.plusSeconds(9));
            index.flush();
            assertEquals(List.of(first, loose, unique), blobDigests(index.unreferencedBlobsIdleSince(Instant.MAX)));
        }
    }

    @Test
    void nextDueIsTheEarliestExpiringEntryPlusTheTtl() {
        try (MvStoreCacheIndex index = MvStoreCacheIndex.inMemory()) {
            Duration ttl = Duration.ofHours(1);
            assertEquals(Optional.empty(), index.nextDue(ttl));

            Digest layer = digest("layer");
            index.recordBlob(APP, layer, 10, T0);
            index.recordManifest(APP, digest("manifest"), 100, List.of(layer), T0.plusSeconds(30));
            // The layer is referenced: it falls due with its manifest, not on its own.
            assertEquals(Optional.of(T0.plusSeconds(30).plus(ttl)), index.nextDue(ttl));

            index.recordBlob(APP, digest("loose"), 10, T0.plusSeconds(10));
            assertEquals(Optional.of(T0.plusSeconds(10).plus(ttl)), index.nextDue(ttl));
            assertEquals(Optional.empty(), index.nextDue(Duration.ZERO));
        }
    }

    @Test
    void survivesACrashWithEveryEntryAndConsistentTotals() throws IOException {
        Path file = dir.resolve("cache-index.mv");
        Path crashed;
        List<Digest> manifests = new ArrayList<>();
        try (MvStoreCacheIndex index = MvStoreCacheIndex.open(file)) {
            record(index, manifests, 0, 200);
            index.flush();
            // Recorded after the last commit: only the journal is sure to have these.
            record(index, manifests, 200, 250);
            index.manifestAccessed(APP, manifests.get(0), T0.plusSeconds(3600));
            crashed = copyWhileOpen(file, dir.resolve("crashed"));
        }

        try (MvStoreCacheIndex index = MvStoreCacheIndex.open(crashed)) {
            for (Digest manifest : manifests) {
                assertTrue(index.manifest(APP, manifest).isPresent(), manifest + " lost");
            }
            // 250 manifests, each with its content, a unique layer and one of 10 shared bases.
            assertEquals(new CacheTotals(250 * (100 + 1000) + 10 * 5000, 250, 250 * 2 + 10), index.totals());
            assertEquals(manifests.size(), count(index.manifestsIdleSince(Instant.MAX)));
        }
        assertConsistent(crashed);
    }

    @Test
    void rebuildsDerivedStateAfterAnUncleanShutdown() throws IOException {
        Path file = dir.resolve("cache-index.mv");
        List<Digest> manifests = new ArrayList<>();
        try (MvStoreCacheIndex index = MvStoreCacheIndex.open(file)) {
            record(index, manifests, 0, 50);
            index.recordBlob(APP, digest("loose"), 7, T0);
        }
        // What a background commit landing between two updates of one change could leave behind,
        // plus the open flag a process killed with -9 leaves set.
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).open()) {
            MVMap<String, byte[]> byAccess = store.openMap(MvStoreCacheIndex.MANIFESTS_BY_ACCESS, MvStoreCacheIndex.bytesMap());
            byAccess.remove(byAccess.firstKey());
            store.openMap(MvStoreCacheIndex.UNREFERENCED_BY_ACCESS, MvStoreCacheIndex.bytesMap()).clear();
            MVMap<String, Long> references = store.openMap(MvStoreCacheIndex.REFERENCES, MvStoreCacheIndex.longMap());
            references.remove(references.firstKey());
            MVMap<String, byte[]> blobs = store.openMap(MvStoreCacheIndex.BLOBS, MvStoreCacheIndex.bytesMap());
            blobs.remove(EntryCodec.blobKey(manifests.get(7)));
            MVMap<String, Long> state = store.openMap(MvStoreCacheIndex.STATE, MvStoreCacheIndex.longMap());
            state.put(MvStoreCacheIndex.BYTES, 42L);
            state.put(MvStoreCacheIndex.OPEN, 1L);
        }

        try (MvStoreCacheIndex index = MvStoreCacheIndex.open(file)) {
            assertEquals(new CacheTotals(50 * 1100 + 10 * 5000 + 7, 50, 50 * 2 + 10 + 1), index.totals());
            assertEquals(50, count(index.manifestsIdleSince(Instant.MAX)));
            assertEquals(List.of(digest("loose")), blobDigests(index.unreferencedBlobsIdleSince(Instant.MAX)));
        }
        assertConsistent(file);
    }

    @Test
    void replaysTheJournalAndSkipsATornLine() throws IOException {
        Path file = dir.resolve("cache-index.mv");
        MvStoreCacheIndex.open(file).close();
        Digest layer = digest("layer");
        Digest manifest = digest("manifest");
        try (RecordJournal journal = RecordJournal.open(MvStoreCacheIndex.journalOf(file))) {
            journal.appendBlob(APP, layer, 1000, T0.toEpochMilli());
            journal.appendManifest(APP, manifest, 100, List.of(layer), T0.toEpochMilli());
            journal.appendManifest(APP, manifest, 100, List.of(layer), T0.toEpochMilli());
        }
        Files.writeString(MvStoreCacheIndex.journalOf(file), "B library/app sha256:12", StandardOpenOption.APPEND);

        try (MvStoreCacheIndex index = MvStoreCacheIndex.open(file)) {
            assertEquals(new CacheTotals(1100, 1, 2), index.totals());
            assertEquals(1, index.blob(layer).orElseThrow().references());
            assertEquals(0, Files.size(MvStoreCacheIndex.journalOf(file)), "truncated once committed");
        }
        assertConsistent(file);
    }

    @Test
    void staysConsistentUnderConcurrentRecordsReadsAndPasses() throws Exception {
        Path file = dir.resolve("cache-index.mv");
        try (MvStoreCacheIndex index = MvStoreCacheIndex.open(file)) {
            MutableClock clock = new MutableClock();
            CacheJanitor janitor = new CacheJanitor(index, new CountingContent(), clock, Duration.ofMillis(50),
                    OptionalLong.of(2_000_000), digest -> false);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 3; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    try {
                        for (int i = 0; i < 2_000; i++) {
                            Instant now = clock.instant();
                            Digest layer = digest("layer" + (i % 300));
                            Digest manifest = digest("manifest" + thread + "-" + (i % 200));
                            index.recordBlob(APP, layer, 10_000, now);
                            index.recordManifest(APP, manifest, 100, List.of(layer, digest("base")), now);
                            index.manifestAccessed(APP, digest("manifest" + ((thread + 1) % 3) + "-" + (i % 200)), now);
                            index.blobAccessed(digest("layer" + (i % 7)), now);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            while (threads.stream().anyMatch(Thread::isAlive)) {
                clock.advance(Duration.ofMillis(20));
                janitor.tick();
                janitor.runPass();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(List.of(), failures);
            janitor.runPass();
            CacheStatistics removed = janitor.statistics();
            assertTrue(removed.manifestsExpired() + removed.imagesEvicted() > 0, "the passes removed something");
        }
        assertConsistent(file);
    }

    @Test
    void refusesChangesAfterClose() {
        MvStoreCacheIndex index = MvStoreCacheIndex.inMemory();
        index.close();
        index.close();
        assertThrows(IllegalStateException.class, () -> index.recordBlob(APP, digest("x"), 1, T0));
    }

    @Test
    void aHundredThousandEntriesInsertAndExpireQuickly() throws IOException {
        Path file = dir.resolve("cache-index.mv");
        int images = 25_000;
        long started = System.nanoTime();
        try (MvStoreCacheIndex index = MvStoreCacheIndex.open(file)) {
            for (int i = 0; i < images; i++) {
                // Each image: a unique config and layer, one of 100 shared bases, its content.
                Instant at = T0.plusMillis(i);
                Digest config = digest("config" + i);
                Digest layer = digest("layer" + i);
                Digest base = digest("base" + i % 100);
                index.recordBlob(APP, config, 1_000, at);
                index.recordBlob(APP, layer, 1_000_000, at);
                index.recordBlob(APP, base, 50_000_000, at);
                index.recordManifest(APP, digest("manifest" + i), 500, List.of(config, base, layer), at);
            }
            index.flush();
            long inserted = System.nanoTime();
            CacheTotals before = index.totals();
            assertEquals(4L * images + 100, before.entries());

            CountingContent content = new CountingContent();
            MutableClock clock = new MutableClock();
            clock.set(T0.plus(Duration.ofDays(1)).plusMillis(images / 2));
            CacheJanitor janitor = new CacheJanitor(index, content, clock, Duration.ofDays(1), OptionalLong.empty(),
                    digest -> false);
            janitor.runPass();
            long expired = System.nanoTime();

            // The older half went: manifests with content, config and layer; the bases stay.
            int gone = images / 2 + 1;
            assertEquals(gone, content.manifests);
            assertEquals(3 * gone, content.blobs);
            assertEquals(new CacheTotals(before.bytes() - gone * (500L + 1_000 + 1_000_000), images - gone,
                    3L * (images - gone) + 100), index.totals());
            System.out.printf("cache index, %d entries: insert %d ms, expire half %d ms%n", before.entries(),
                    (inserted - started) / 1_000_000, (expired - inserted) / 1_000_000);
        }
        long reopened = System.nanoTime();
        try (MvStoreCacheIndex index = MvStoreCacheIndex.open(file)) {
            assertEquals(images - images / 2 - 1, index.totals().manifests());
        }
        System.out.printf("cache index: clean reopen %d ms%n", (System.nanoTime() - reopened) / 1_000_000);
        long repaired = System.nanoTime();
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).open()) {
            store.openMap(MvStoreCacheIndex.STATE, MvStoreCacheIndex.longMap()).put(MvStoreCacheIndex.OPEN, 1L);
        }
        try (MvStoreCacheIndex index = MvStoreCacheIndex.open(file)) {
            assertEquals(images - images / 2 - 1, index.totals().manifests());
        }
        System.out.printf("cache index: reopen with rebuild after a crash %d ms%n", (System.nanoTime() - repaired) / 1_000_000);
        assertConsistent(file);
    }

    /** Records manifests {@code from} to {@code to}: a unique 1000-byte layer each and one of 10 shared bases. */
    private static void record(CacheIndex index, List<Digest> manifests, int from, int to) {
        for (int i = from; i < to; i++) {
            Digest layer = digest("layer" + i);
            Digest base = digest("base" + i % 10);
            Digest manifest = digest("manifest" + i);
            index.recordBlob(APP, layer, 1000, T0.plusMillis(i));
            index.recordBlob(APP, base, 5000, T0.plusMillis(i));
            index.recordManifest(APP, manifest, 100, List.of(layer, base), T0.plusMillis(i));
            manifests.add(manifest);
        }
    }

    /** A copy of the index files taken while the index is open: what {@code kill -9} leaves. */
    private static Path copyWhileOpen(Path file, Path into) throws IOException {
        Files.createDirectories(into);
        Path copy = into.resolve(file.getFileName());
        Files.copy(file, copy);
        Path journal = MvStoreCacheIndex.journalOf(file);
        if (Files.exists(journal)) {
            Files.copy(journal, MvStoreCacheIndex.journalOf(copy));
        }
        return copy;
    }

    /**
     * Recounts a closed index file from its entry maps and checks every derived map against the
     * recount: byte total, access orders, reference counts.
     */
    static void assertConsistent(Path file) {
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            MVMap<String, byte[]> manifests = store.openMap(MvStoreCacheIndex.MANIFESTS, MvStoreCacheIndex.bytesMap());
            MVMap<String, byte[]> blobs = store.openMap(MvStoreCacheIndex.BLOBS, MvStoreCacheIndex.bytesMap());
            Map<String, Long> references = new HashMap<>();
            Set<String> manifestOrder = new HashSet<>();
            for (Map.Entry<String, byte[]> entry : manifests.entrySet()) {
                ManifestValue value = ManifestValue.decode(entry.getValue());
                manifestOrder.add(EntryCodec.accessKey(value.lastAccess(), entry.getKey()));
                String content = EntryCodec.blobKey(EntryCodec.digestOf(entry.getKey()));
                assertTrue(blobs.containsKey(content), "content of " + entry.getKey() + " has no blob entry");
                references.merge(content, 1L, Long::sum);
                for (Digest reference : value.references()) {
                    references.merge(EntryCodec.blobKey(reference), 1L, Long::sum);
                }
            }
            long bytes = 0;
            Set<String> unreferencedOrder = new HashSet<>();
            for (Map.Entry<String, byte[]> entry : blobs.entrySet()) {
                BlobValue value = BlobValue.decode(entry.getValue());
                bytes += value.size();
                if (!references.containsKey(entry.getKey())) {
                    unreferencedOrder.add(EntryCodec.accessKey(value.lastAccess(), entry.getKey()));
                }
            }
            assertEquals(bytes, store.openMap(MvStoreCacheIndex.STATE, MvStoreCacheIndex.longMap()).get(MvStoreCacheIndex.BYTES));
            assertEquals(manifestOrder, store.openMap(MvStoreCacheIndex.MANIFESTS_BY_ACCESS, MvStoreCacheIndex.bytesMap()).keySet());
            assertEquals(unreferencedOrder,
                    store.openMap(MvStoreCacheIndex.UNREFERENCED_BY_ACCESS, MvStoreCacheIndex.bytesMap()).keySet());
            assertEquals(references, new HashMap<>(store.openMap(MvStoreCacheIndex.REFERENCES, MvStoreCacheIndex.longMap())));
            assertEquals(0L, store.openMap(MvStoreCacheIndex.STATE, MvStoreCacheIndex.longMap()).get(MvStoreCacheIndex.OPEN),
                    "closed cleanly");
        }
    }

    private static Set<Digest> digests(List<BlobEntry> entries) {
        Set<Digest> digests = new HashSet<>();
        entries.forEach(entry -> digests.add(entry.digest()));
        return digests;
    }

    private static List<Digest> manifestDigests(Iterator<ManifestEntry> entries) {
        List<Digest> digests = new ArrayList<>();
        entries.forEachRemaining(entry -> digests.add(entry.digest()));
        return digests;
    }

    private static List<Digest> blobDigests(Iterator<BlobEntry> entries) {
        List<Digest> digests = new ArrayList<>();
        entries.forEachRemaining(entry -> digests.add(entry.digest()));
        return digests;
    }

    private static int count(Iterator<?> iterator) {
        int count = 0;
        for (; iterator.hasNext(); iterator.next()) {
            count++;
        }
        return count;
    }

    /** Deletes nothing, counts the calls: the janitor's index work alone. */
    private static final class CountingContent implements CachedContent {
        int manifests;
        int blobs;

        @Override
        public void removeManifest(RepositoryName repository, Digest digest) {
            manifests++;
        }

        @Override
        public void removeBlob(Digest digest, Collection<RepositoryName> repositories) {
            blobs++;
        }
    }
}
