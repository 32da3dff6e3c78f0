package dev.wharf.expiry;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.expiry.EntryCodec.BlobValue;
import dev.wharf.expiry.EntryCodec.ManifestValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * {@link CacheIndex} in an H2 MVStore file: a log-structured B-tree store that writes only the
 * pages a change touched (never the whole file), survives {@code kill -9} by construction (a
 * reopened file shows the last complete commit) and handles millions of keys.
 *
 * <p>Maps: {@code manifests} and {@code blobs} hold the entries; {@code manifestsByAccess} and
 * {@code unreferencedByAccess} order them by last access (keys only, see {@link EntryCodec}), so
 * the oldest are found in O(log n) without a scan; {@code references} counts, per digest, the
 * manifest entries keeping it alive; {@code state} holds the byte total (as of the last flush)
 * and whether the file is open. The entry maps are the truth and the rest is derived from them.
 *
 * <p>Durability. MVStore commits in the background every second. Entries also go to a {@link
 * RecordJournal} beside the file as they are recorded, so no recorded entry is lost to {@code
 * kill -9}; access notes are only in memory until {@link #flush()}, so at worst the last few
 * seconds of access times are. A background commit may land between the several map updates of
 * one change, so a file that was not closed cleanly has its derived maps rebuilt from the entry
 * maps on open (one pass over the entries; only after a crash).
 *
 * <p>Concurrency. Changes take one lock (they are rare: a fill's commit, a flush, a removal);
 * access notes take none; reads and iteration use MVStore's snapshots and take none.
 */
public final class MvStoreCacheIndex implements CacheIndex {
    private static final Logger LOG = Logger.getLogger(MvStoreCacheIndex.class.getName());

    static final String MANIFESTS = "manifests";
    static final String BLOBS = "blobs";
    static final String MANIFESTS_BY_ACCESS = "manifestsByAccess";
    static final String UNREFERENCED_BY_ACCESS = "unreferencedByAccess";
    static final String REFERENCES = "references";
    static final String STATE = "state";
    static final String BYTES = "bytes";
    static final String OPEN = "open";
    /** Milliseconds between MVStore's background commits: what a crash can lose of the store. */
    static final int AUTO_COMMIT_MILLIS = 1000;
    /** Records after which the journal is emptied by a commit even if nobody calls flush(). */
    static final int MAX_JOURNAL_LINES = 10_000;

    private final MVStore store;
    private final Optional<Path> file;
    private final RecordJournal journal;
    private final IndexMaps maps;
    // Access notes since the last flush: the request path's only cost.
    private final PendingAccesses pending = new PendingAccesses();
    private final ReentrantLock lock = new ReentrantLock();
    // Lines appended since the journal was last truncated; bounds it should flush() not be called.
    private int journalLines;
    private boolean closed;

    private MvStoreCacheIndex(MVStore store, Optional<Path> file, RecordJournal journal) {
        this.store = store;
        this.file = file;
        this.journal = journal;
        this.maps = new IndexMaps(store);
    }

    /**
     * Opens (or creates) the index in {@code file}, with its journal at {@code file.journal}.
     * Rebuilds derived state when the file was not closed cleanly, and replays the journal.
     *
     * @throws IOException when the file cannot be opened (another process holds it, or it is
     *     damaged beyond MVStore's own recovery)
     */
    public static MvStoreCacheIndex open(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        MVStore store;
        try {
            store = new MVStore.Builder()
                    .fileName(absolute.toString())
                    .backgroundExceptionHandler((thread, e) ->
                            LOG.log(Level.WARNING, "cache index " + absolute + ": background write failed", e))
                    .open();
        } catch (MVStoreException e) {
            throw new IOException("cannot open the cache index " + absolute + ": " + e.getMessage(), e);
        }
        store.setAutoCommitDelay(AUTO_COMMIT_MILLIS);
        RecordJournal journal;
        try {
            journal = RecordJournal.open(journalOf(absolute));
        } catch (IOException e) {
            store.close();
            throw e;
        }
        MvStoreCacheIndex index = new MvStoreCacheIndex(store, Optional.of(absolute), journal);
        try {
            index.recover();
        } catch (IOException | RuntimeException e) {
            store.closeImmediately();
            journal.close();
            throw e;
        }
        return index;
    }

    /** An index that lives in memory only (tests, a mirror with an in-memory storage driver). */
    public static MvStoreCacheIndex inMemory() {
        return new MvStoreCacheIndex(new MVStore.Builder().open(), Optional.empty(), null);
    }

    static Path journalOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".journal");
    }

    private void recover() throws IOException {
        lock.lock();
        try {
            if (maps.state.getOrDefault(OPEN, 0L) != 0L) {
                long started = System.nanoTime();
                maps.rebuildDerived();
                LOG.warning("cache index " + file.orElseThrow() + " was not closed cleanly: rebuilt access order, "
                        + "reference counts and size from " + maps.manifests.sizeAsLong() + " manifests and "
                        + maps.blobs.sizeAsLong() + " blobs in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
            journal.replay(new RecordJournal.Sink() {
                @Override
                public void manifest(RepositoryName repository, Digest digest, long size, List<Digest> refs,
                        long millis) {
                    maps.applyManifest(repository, digest, size, refs, millis);
                }

                @Override
                public void blob(RepositoryName repository, Digest digest, long size, long millis) {
                    maps.applyBlob(EntryCodec.blobKey(digest), size, millis, repository.value());
                }
            });
            maps.state.put(OPEN, 1L);
            commit();
        } finally {
            lock.unlock();
        }
        CacheTotals totals = totals();
        LOG.info("cache index " + file.orElseThrow() + ": " + totals.manifests() + " manifests and " + totals.blobs()
                + " blobs, " + CacheJanitor.mebibytes(totals.bytes()) + " MiB");
    }

    @Override
    public void recordManifest(RepositoryName repository, Digest digest, long size, Collection<Digest> references,
            Instant now) {
        // Distinct, and never itself: a reference counts once per manifest entry.
        Set<Digest> distinct = new LinkedHashSet<>(references);
        distinct.remove(digest);
        List<Digest> refs = List.copyOf(distinct);
        long millis = now.toEpochMilli();
        lock.lock();
        try {
            requireOpen();
            maps.applyManifest(repository, digest, size, refs, millis);
            journal(() -> journal.appendManifest(repository, digest, size, refs, millis));
            journalWritten();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void recordBlob(RepositoryName repository, Digest digest, long size, Instant now) {
        long millis = now.toEpochMilli();
        lock.lock();
        try {
            requireOpen();
            maps.applyBlob(EntryCodec.blobKey(digest), size, millis, repository.value());
            journal(() -> journal.appendBlob(repository, digest, size, millis));
            journalWritten();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void manifestAccessed(RepositoryName repository, Digest digest, Instant now) {
        long millis = now.toEpochMilli();
        pending.manifest(EntryCodec.manifestKey(repository, digest), millis);
        // Reading a manifest reads its content, a blob: keep that as fresh as the entry.
        pending.blob(EntryCodec.blobKey(digest), millis);
    }

    @Override
    public void blobAccessed(Digest digest, Instant now) {
        pending.blob(EntryCodec.blobKey(digest), now.toEpochMilli());
    }

    @Override
    public void flush() {
        lock.lock();
        try {
            if (!closed) {
                flushLocked();
                commit();
            }
        } finally {
            lock.unlock();
        }
    }

    private void flushLocked() {
        pending.applyTo(maps);
    }

    @Override
    public Optional<ManifestEntry> manifest(RepositoryName repository, Digest digest) {
        String key = EntryCodec.manifestKey(repository, digest);
        byte[] value = maps.manifests.get(key);
        if (value == null) {
            return Optional.empty();
        }
        ManifestValue decoded = ManifestValue.decode(value);
        Long noted = pending.manifest(key);
        return Optional.of(IndexMaps.manifestEntry(repository, digest, noted == null ? decoded : decoded.withAccess(noted)));
    }

    @Override
    public Optional<BlobEntry> blob(Digest digest) {
        String key = EntryCodec.blobKey(digest);
        byte[] value = maps.blobs.get(key);
        if (value == null) {
            return Optional.empty();
        }
        BlobValue decoded = BlobValue.decode(value);
        Long noted = pending.blob(key);
        return Optional.of(IndexMaps.blobEntry(digest, noted == null ? decoded : decoded.withAccess(noted),
                maps.references.getOrDefault(key, 0L)));
    }

    @Override
    public Iterator<ManifestEntry> manifestsIdleSince(Instant cutoff) {
        return AccessOrder.idle(maps.manifestsByAccess, millis(cutoff), key -> {
            byte[] value = maps.manifests.get(key);
            if (value == null) {
                return null;
            }
            return IndexMaps.manifestEntry(EntryCodec.repositoryOf(key), EntryCodec.digestOf(key), ManifestValue.decode(value));
        }, ManifestEntry::lastAccess);
    }

    @Override
    public Iterator<BlobEntry> unreferencedBlobsIdleSince(Instant cutoff) {
        return AccessOrder.idle(maps.unreferencedByAccess, millis(cutoff), key -> {
            byte[] value = maps.blobs.get(key);
            if (value == null || maps.references.containsKey(key)) {
                return null;
            }
            return IndexMaps.blobEntry(EntryCodec.digest(key), BlobValue.decode(value), 0);
        }, BlobEntry::lastAccess);
    }

    @Override
    public Optional<List<BlobEntry>> removeManifest(RepositoryName repository, Digest digest,
            Instant notAccessedAfter) {
        String key = EntryCodec.manifestKey(repository, digest);
        long limit = millis(notAccessedAfter);
        lock.lock();
        try {
            requireOpen();
            byte[] old = maps.manifests.get(key);
            if (old == null) {
                return Optional.empty();
            }
            ManifestValue value = ManifestValue.decode(old);
            if (value.lastAccess() > limit || pending.manifestAfter(key, limit)) {
                return Optional.empty();
            }
            maps.manifests.remove(key);
            maps.manifestsByAccess.remove(EntryCodec.accessKey(value.lastAccess(), key));
            List<BlobEntry> unreferenced = new ArrayList<>();
            maps.dropReference(digest, unreferenced);
            for (Digest reference : value.references()) {
                maps.dropReference(reference, unreferenced);
            }
            return Optional.of(unreferenced);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean removeBlob(Digest digest, Instant notAccessedAfter) {
        String key = EntryCodec.blobKey(digest);
        long limit = millis(notAccessedAfter);
        lock.lock();
        try {
            requireOpen();
            byte[] old = maps.blobs.get(key);
            if (old == null || maps.references.containsKey(key)) {
                return false;
            }
            BlobValue value = BlobValue.decode(old);
            if (value.lastAccess() > limit || pending.blobAfter(key, limit)) {
                return false;
            }
            maps.blobs.remove(key);
            maps.addBytes(-value.size());
            maps.unreferencedByAccess.remove(EntryCodec.accessKey(value.lastAccess(), key));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CacheTotals totals() {
        return new CacheTotals(maps.bytes(), maps.manifests.sizeAsLong(), maps.blobs.sizeAsLong());
    }

    @Override
    public Optional<Instant> nextDue(Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            return Optional.empty();
        }
        String manifest = maps.manifestsByAccess.firstKey();
        String blob = maps.unreferencedByAccess.firstKey();
        // Access keys sort by time, so the smaller key of the two is the earlier access.
        String first = manifest == null || (blob != null && blob.compareTo(manifest) < 0) ? blob : manifest;
        if (first == null) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(EntryCodec.accessOf(first)).plus(ttl));
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            flushLocked();
            maps.storeBytes();
            maps.state.put(OPEN, 0L);
            store.close();
            if (journal != null) {
                journal.close();
                Files.deleteIfExists(journalOf(file.orElseThrow()));
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cache index " + file.orElse(null) + ": cannot remove the journal", e);
        } finally {
            lock.unlock();
        }
    }

    /** Stores everything changed so far; then the journal's lines are all in the store. */
    private void commit() {
        maps.storeBytes();
        store.commit();
        journal(() -> journal.truncate());
        journalLines = 0;
    }

    private void journalWritten() {
        if (journal != null && ++journalLines >= MAX_JOURNAL_LINES) {
            commit();
        }
    }

    private interface JournalWrite {
        void run() throws IOException;
    }

    private void journal(JournalWrite write) {
        if (journal == null) {
            return;
        }
        try {
            write.run();
        } catch (IOException e) {
            // The store still commits within a second; only a crash in that second loses the entry.
            LOG.log(Level.WARNING, "cache index journal " + journalOf(file.orElseThrow()) + ": write failed", e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the cache index is closed");
        }
    }

    private static long millis(Instant instant) {
        return instant.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE)) ? Long.MAX_VALUE : instant.toEpochMilli();
    }

    static MVMap.Builder<String, byte[]> bytesMap() {
        return IndexMaps.bytesMap();
    }

    static MVMap.Builder<String, Long> longMap() {
        return IndexMaps.longMap();
    }

    @Override
    public String toString() {
        return "MvStoreCacheIndex[" + file.map(Path::toString).orElse("in memory") + "]";
    }
}
