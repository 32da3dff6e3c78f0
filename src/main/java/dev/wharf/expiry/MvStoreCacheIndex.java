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
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

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

    private static final byte[] NOTHING = new byte[0];

    private final MVStore store;
    private final Optional<Path> file;
    private final RecordJournal journal;
    private final MVMap<String, byte[]> manifests;
    private final MVMap<String, byte[]> blobs;
    private final MVMap<String, byte[]> manifestsByAccess;
    private final MVMap<String, byte[]> unreferencedByAccess;
    private final MVMap<String, Long> references;
    private final MVMap<String, Long> state;
    // Latest access per entry key since the last flush: the request path's only cost.
    private final ConcurrentHashMap<String, Long> pendingManifests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> pendingBlobs = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    // The byte total lives here and is stored with each flush and on close, not on every change:
    // a crash makes the next open rebuild it anyway, and this saves two map writes per record.
    private volatile long bytes;
    // Lines appended since the journal was last truncated; bounds it should flush() not be called.
    private int journalLines;
    private boolean closed;

    private MvStoreCacheIndex(MVStore store, Optional<Path> file, RecordJournal journal) {
        this.store = store;
        this.file = file;
        this.journal = journal;
        this.manifests = store.openMap(MANIFESTS, bytesMap());
        this.blobs = store.openMap(BLOBS, bytesMap());
        this.manifestsByAccess = store.openMap(MANIFESTS_BY_ACCESS, bytesMap());
        this.unreferencedByAccess = store.openMap(UNREFERENCED_BY_ACCESS, bytesMap());
        this.references = store.openMap(REFERENCES, longMap());
        this.state = store.openMap(STATE, longMap());
        this.bytes = state.getOrDefault(BYTES, 0L);
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
            if (state.getOrDefault(OPEN, 0L) != 0L) {
                long started = System.nanoTime();
                rebuildDerived();
                LOG.warning("cache index " + file.orElseThrow() + " was not closed cleanly: rebuilt access order, "
                        + "reference counts and size from " + manifests.sizeAsLong() + " manifests and "
                        + blobs.sizeAsLong() + " blobs in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
            journal.replay(new RecordJournal.Sink() {
                @Override
                public void manifest(RepositoryName repository, Digest digest, long size, List<Digest> refs,
                        long millis) {
                    applyManifest(repository, digest, size, refs, millis);
                }

                @Override
                public void blob(RepositoryName repository, Digest digest, long size, long millis) {
                    applyBlob(EntryCodec.blobKey(digest), size, millis, repository.value());
                }
            });
            state.put(OPEN, 1L);
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
            applyManifest(repository, digest, size, refs, millis);
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
            applyBlob(EntryCodec.blobKey(digest), size, millis, repository.value());
            journal(() -> journal.appendBlob(repository, digest, size, millis));
            journalWritten();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void manifestAccessed(RepositoryName repository, Digest digest, Instant now) {
        long millis = now.toEpochMilli();
        pendingManifests.merge(EntryCodec.manifestKey(repository, digest), millis, Math::max);
        // Reading a manifest reads its content, a blob: keep that as fresh as the entry.
        pendingBlobs.merge(EntryCodec.blobKey(digest), millis, Math::max);
    }

    @Override
    public void blobAccessed(Digest digest, Instant now) {
        pendingBlobs.merge(EntryCodec.blobKey(digest), now.toEpochMilli(), Math::max);
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
        for (Map.Entry<String, Long> note : pendingManifests.entrySet()) {
            String key = note.getKey();
            long millis = note.getValue();
            byte[] old = manifests.get(key);
            if (old != null) {
                touchManifest(key, ManifestValue.decode(old), millis);
            }
            // Only if unchanged: a newer note that arrived meanwhile waits for the next flush.
            pendingManifests.remove(key, millis);
        }
        for (Map.Entry<String, Long> note : pendingBlobs.entrySet()) {
            String key = note.getKey();
            long millis = note.getValue();
            byte[] old = blobs.get(key);
            if (old != null) {
                BlobValue value = BlobValue.decode(old);
                putBlob(key, value, value.withAccess(millis));
            }
            pendingBlobs.remove(key, millis);
        }
    }

    @Override
    public Optional<ManifestEntry> manifest(RepositoryName repository, Digest digest) {
        String key = EntryCodec.manifestKey(repository, digest);
        byte[] value = manifests.get(key);
        if (value == null) {
            return Optional.empty();
        }
        ManifestValue decoded = ManifestValue.decode(value);
        Long pending = pendingManifests.get(key);
        return Optional.of(manifestEntry(repository, digest, pending == null ? decoded : decoded.withAccess(pending)));
    }

    @Override
    public Optional<BlobEntry> blob(Digest digest) {
        String key = EntryCodec.blobKey(digest);
        byte[] value = blobs.get(key);
        if (value == null) {
            return Optional.empty();
        }
        BlobValue decoded = BlobValue.decode(value);
        Long pending = pendingBlobs.get(key);
        return Optional.of(blobEntry(digest, pending == null ? decoded : decoded.withAccess(pending),
                references.getOrDefault(key, 0L)));
    }

    @Override
    public Iterator<ManifestEntry> manifestsIdleSince(Instant cutoff) {
        return idle(manifestsByAccess, cutoff, key -> {
            byte[] value = manifests.get(key);
            if (value == null) {
                return null;
            }
            return manifestEntry(EntryCodec.repositoryOf(key), EntryCodec.digestOf(key), ManifestValue.decode(value));
        }, ManifestEntry::lastAccess);
    }

    @Override
    public Iterator<BlobEntry> unreferencedBlobsIdleSince(Instant cutoff) {
        return idle(unreferencedByAccess, cutoff, key -> {
            byte[] value = blobs.get(key);
            if (value == null || references.containsKey(key)) {
                return null;
            }
            return blobEntry(EntryCodec.digest(key), BlobValue.decode(value), 0);
        }, BlobEntry::lastAccess);
    }

    /**
     * Walks an access-ordered map's snapshot up to {@code cutoff}, resolving each key against the
     * entry maps as they are now: entries removed since are skipped, and so are entries accessed
     * since (they are no longer idle).
     */
    private <T> Iterator<T> idle(MVMap<String, byte[]> byAccess, Instant cutoff, Function<String, T> resolve,
            Function<T, Instant> lastAccess) {
        long limit = millis(cutoff);
        Iterator<String> keys = byAccess.keyIterator(null);
        return new Iterator<>() {
            private T next;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (next == null && !done) {
                    if (!keys.hasNext()) {
                        done = true;
                        break;
                    }
                    String accessKey = keys.next();
                    if (EntryCodec.accessOf(accessKey) > limit) {
                        done = true;
                        break;
                    }
                    T entry = resolve.apply(EntryCodec.keyOf(accessKey));
                    if (entry != null && lastAccess.apply(entry).toEpochMilli() <= limit) {
                        next = entry;
                    }
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T result = next;
                next = null;
                return result;
            }
        };
    }

    @Override
    public Optional<List<BlobEntry>> removeManifest(RepositoryName repository, Digest digest,
            Instant notAccessedAfter) {
        String key = EntryCodec.manifestKey(repository, digest);
        long limit = millis(notAccessedAfter);
        lock.lock();
        try {
            requireOpen();
            byte[] old = manifests.get(key);
            if (old == null) {
                return Optional.empty();
            }
            ManifestValue value = ManifestValue.decode(old);
            if (value.lastAccess() > limit || pendingManifests.getOrDefault(key, Long.MIN_VALUE) > limit) {
                return Optional.empty();
            }
            manifests.remove(key);
            manifestsByAccess.remove(EntryCodec.accessKey(value.lastAccess(), key));
            List<BlobEntry> unreferenced = new ArrayList<>();
            dropReference(digest, unreferenced);
            for (Digest reference : value.references()) {
                dropReference(reference, unreferenced);
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
            byte[] old = blobs.get(key);
            if (old == null || references.containsKey(key)) {
                return false;
            }
            BlobValue value = BlobValue.decode(old);
            if (value.lastAccess() > limit || pendingBlobs.getOrDefault(key, Long.MIN_VALUE) > limit) {
                return false;
            }
            blobs.remove(key);
            addBytes(-value.size());
            unreferencedByAccess.remove(EntryCodec.accessKey(value.lastAccess(), key));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CacheTotals totals() {
        return new CacheTotals(bytes, manifests.sizeAsLong(), blobs.sizeAsLong());
    }

    @Override
    public Optional<Instant> nextDue(Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            return Optional.empty();
        }
        String manifest = manifestsByAccess.firstKey();
        String blob = unreferencedByAccess.firstKey();
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
            state.put(BYTES, bytes);
            state.put(OPEN, 0L);
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

    // ---- changes; all under the lock ----

    private void applyManifest(RepositoryName repository, Digest digest, long size, List<Digest> refs, long millis) {
        String key = EntryCodec.manifestKey(repository, digest);
        String content = EntryCodec.blobKey(digest);
        byte[] old = manifests.get(key);
        if (old == null) {
            manifests.put(key, new ManifestValue(size, millis, refs).encode());
            manifestsByAccess.put(EntryCodec.accessKey(millis, key), NOTHING);
            addReference(content);
            for (Digest reference : refs) {
                addReference(EntryCodec.blobKey(reference));
            }
        } else {
            // Recorded again (a re-fetch, a journal replay): fresher, nothing counted twice.
            touchManifest(key, ManifestValue.decode(old), millis);
        }
        applyBlob(content, size, millis, null);
    }

    private void applyBlob(String key, long size, long millis, String repository) {
        byte[] old = blobs.get(key);
        if (old == null) {
            BlobValue value = new BlobValue(size, millis, new TreeSet<>());
            putBlob(key, null, value.withRepository(repository));
            addBytes(size);
        } else {
            BlobValue value = BlobValue.decode(old);
            putBlob(key, value, value.withAccess(millis).withRepository(repository));
        }
    }

    private void touchManifest(String key, ManifestValue old, long millis) {
        if (millis <= old.lastAccess()) {
            return;
        }
        manifests.put(key, old.withAccess(millis).encode());
        manifestsByAccess.remove(EntryCodec.accessKey(old.lastAccess(), key));
        manifestsByAccess.put(EntryCodec.accessKey(millis, key), NOTHING);
    }

    /** Writes a blob entry, keeping its place in the unreferenced order when it has one. */
    private void putBlob(String key, BlobValue old, BlobValue value) {
        if (value.equals(old)) {
            return;
        }
        blobs.put(key, value.encode());
        if (!references.containsKey(key)) {
            if (old != null) {
                unreferencedByAccess.remove(EntryCodec.accessKey(old.lastAccess(), key));
            }
            unreferencedByAccess.put(EntryCodec.accessKey(value.lastAccess(), key), NOTHING);
        }
    }

    private void addReference(String key) {
        Long count = references.get(key);
        references.put(key, count == null ? 1L : count + 1);
        if (count == null) {
            byte[] blob = blobs.get(key);
            if (blob != null) {
                unreferencedByAccess.remove(EntryCodec.accessKey(BlobValue.decode(blob).lastAccess(), key));
            }
        }
    }

    private void dropReference(Digest digest, List<BlobEntry> unreferenced) {
        String key = EntryCodec.blobKey(digest);
        Long count = references.get(key);
        if (count == null) {
            return;
        }
        if (count > 1) {
            references.put(key, count - 1);
            return;
        }
        references.remove(key);
        byte[] blob = blobs.get(key);
        if (blob != null) {
            BlobValue value = BlobValue.decode(blob);
            unreferencedByAccess.put(EntryCodec.accessKey(value.lastAccess(), key), NOTHING);
            unreferenced.add(blobEntry(digest, value, 0));
        }
    }

    private void addBytes(long delta) {
        bytes += delta;
    }

    /** Derives the order maps, reference counts and byte total from the entry maps. */
    private void rebuildDerived() {
        manifestsByAccess.clear();
        unreferencedByAccess.clear();
        references.clear();
        for (Cursor<String, byte[]> cursor = manifests.cursor(null); cursor.hasNext(); ) {
            String key = cursor.next();
            ManifestValue value = ManifestValue.decode(cursor.getValue());
            manifestsByAccess.put(EntryCodec.accessKey(value.lastAccess(), key), NOTHING);
            String content = EntryCodec.blobKey(EntryCodec.digestOf(key));
            if (!blobs.containsKey(content)) {
                // Lost between the manifest's two writes: its content is in storage all the same.
                blobs.put(content, new BlobValue(value.size(), value.lastAccess(), new TreeSet<>()).encode());
            }
            increment(content);
            for (Digest reference : value.references()) {
                increment(EntryCodec.blobKey(reference));
            }
        }
        long total = 0;
        for (Cursor<String, byte[]> cursor = blobs.cursor(null); cursor.hasNext(); ) {
            String key = cursor.next();
            BlobValue value = BlobValue.decode(cursor.getValue());
            total += value.size();
            if (!references.containsKey(key)) {
                unreferencedByAccess.put(EntryCodec.accessKey(value.lastAccess(), key), NOTHING);
            }
        }
        bytes = total;
    }

    private void increment(String key) {
        Long count = references.get(key);
        references.put(key, count == null ? 1L : count + 1);
    }

    /** Stores everything changed so far; then the journal's lines are all in the store. */
    private void commit() {
        state.put(BYTES, bytes);
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

    // ---- decoding ----

    private static ManifestEntry manifestEntry(RepositoryName repository, Digest digest, ManifestValue value) {
        return new ManifestEntry(repository, digest, value.size(),
                Instant.ofEpochMilli(value.lastAccess()), value.references());
    }

    private static BlobEntry blobEntry(Digest digest, BlobValue value, long references) {
        Set<RepositoryName> repositories = new LinkedHashSet<>();
        for (String repository : value.repositories()) {
            repositories.add(EntryCodec.repository(repository));
        }
        return new BlobEntry(digest, value.size(), Instant.ofEpochMilli(value.lastAccess()), repositories, references);
    }

    private static long millis(Instant instant) {
        return instant.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE)) ? Long.MAX_VALUE : instant.toEpochMilli();
    }

    static MVMap.Builder<String, byte[]> bytesMap() {
        return new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE);
    }

    static MVMap.Builder<String, Long> longMap() {
        return new MVMap.Builder<String, Long>().keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE);
    }

    @Override
    public String toString() {
        return "MvStoreCacheIndex[" + file.map(Path::toString).orElse("in memory") + "]";
    }
}
