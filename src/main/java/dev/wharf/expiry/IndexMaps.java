package dev.wharf.expiry;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.expiry.EntryCodec.BlobValue;
import dev.wharf.expiry.EntryCodec.ManifestValue;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The cache index's maps in one MVStore, and the changes that keep the derived maps (access
 * order, reference counts, byte total) in step with the entry maps. Not thread-safe for changes:
 * {@link MvStoreCacheIndex} makes them under its lock; reads go to MVStore's snapshots.
 */
final class IndexMaps {
    private static final byte[] NOTHING = new byte[0];

    final MVMap<String, byte[]> manifests;
    final MVMap<String, byte[]> blobs;
    final MVMap<String, byte[]> manifestsByAccess;
    final MVMap<String, byte[]> unreferencedByAccess;
    final MVMap<String, Long> references;
    final MVMap<String, Long> state;
    // The byte total lives here and is stored with each flush and on close, not on every change:
    // a crash makes the next open rebuild it anyway, and this saves two map writes per record.
    private volatile long bytes;

    IndexMaps(MVStore store) {
        this.manifests = store.openMap(MvStoreCacheIndex.MANIFESTS, bytesMap());
        this.blobs = store.openMap(MvStoreCacheIndex.BLOBS, bytesMap());
        this.manifestsByAccess = store.openMap(MvStoreCacheIndex.MANIFESTS_BY_ACCESS, bytesMap());
        this.unreferencedByAccess = store.openMap(MvStoreCacheIndex.UNREFERENCED_BY_ACCESS, bytesMap());
        this.references = store.openMap(MvStoreCacheIndex.REFERENCES, longMap());
        this.state = store.openMap(MvStoreCacheIndex.STATE, longMap());
        this.bytes = state.getOrDefault(MvStoreCacheIndex.BYTES, 0L);
    }

    /** Bytes of every blob entry. */
    long bytes() {
        return bytes;
    }

    /** Puts the byte total into the state map, for the next commit. */
    void storeBytes() {
        state.put(MvStoreCacheIndex.BYTES, bytes);
    }

    void applyManifest(RepositoryName repository, Digest digest, long size, List<Digest> refs, long millis) {
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

    void applyBlob(String key, long size, long millis, String repository) {
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

    void touchManifest(String key, ManifestValue old, long millis) {
        if (millis <= old.lastAccess()) {
            return;
        }
        manifests.put(key, old.withAccess(millis).encode());
        manifestsByAccess.remove(EntryCodec.accessKey(old.lastAccess(), key));
        manifestsByAccess.put(EntryCodec.accessKey(millis, key), NOTHING);
    }

    /** Writes a blob entry, keeping its place in the unreferenced order when it has one. */
    void putBlob(String key, BlobValue old, BlobValue value) {
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

    void dropReference(Digest digest, List<BlobEntry> unreferenced) {
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

    void addBytes(long delta) {
        bytes += delta;
    }

    /** Derives the order maps, reference counts and byte total from the entry maps. */
    void rebuildDerived() {
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

    static ManifestEntry manifestEntry(RepositoryName repository, Digest digest, ManifestValue value) {
        return new ManifestEntry(repository, digest, value.size(),
                Instant.ofEpochMilli(value.lastAccess()), value.references());
    }

    static BlobEntry blobEntry(Digest digest, BlobValue value, long references) {
        Set<RepositoryName> repositories = new LinkedHashSet<>();
        for (String repository : value.repositories()) {
            repositories.add(EntryCodec.repository(repository));
        }
        return new BlobEntry(digest, value.size(), Instant.ofEpochMilli(value.lastAccess()), repositories, references);
    }

    static MVMap.Builder<String, byte[]> bytesMap() {
        return new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE);
    }

    static MVMap.Builder<String, Long> longMap() {
        return new MVMap.Builder<String, Long>().keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE);
    }
}
