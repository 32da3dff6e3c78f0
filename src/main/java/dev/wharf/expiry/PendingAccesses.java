package dev.wharf.expiry;

import dev.wharf.expiry.EntryCodec.BlobValue;
import dev.wharf.expiry.EntryCodec.ManifestValue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest access per index entry since the last flush. Noting an access is one map merge and
 * takes no lock, so a pull never waits for the index; the notes reach the store in one batch on
 * the janitor's beat.
 */
final class PendingAccesses {
    private final ConcurrentHashMap<String, Long> manifests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> blobs = new ConcurrentHashMap<>();

    /** Notes an access of the manifest entry {@code key} at {@code millis}. */
    void manifest(String key, long millis) {
        manifests.merge(key, millis, Math::max);
    }

    /** Notes an access of the blob entry {@code key} at {@code millis}. */
    void blob(String key, long millis) {
        blobs.merge(key, millis, Math::max);
    }

    /** The manifest entry's noted access, or null. */
    Long manifest(String key) {
        return manifests.get(key);
    }

    /** The blob entry's noted access, or null. */
    Long blob(String key) {
        return blobs.get(key);
    }

    /** Whether the manifest entry was accessed after {@code millis} since the last flush. */
    boolean manifestAfter(String key, long millis) {
        return manifests.getOrDefault(key, Long.MIN_VALUE) > millis;
    }

    /** Whether the blob entry was accessed after {@code millis} since the last flush. */
    boolean blobAfter(String key, long millis) {
        return blobs.getOrDefault(key, Long.MIN_VALUE) > millis;
    }

    /** Writes the notes into the entries they name; the caller holds the index's lock. */
    void applyTo(IndexMaps maps) {
        for (Map.Entry<String, Long> note : manifests.entrySet()) {
            String key = note.getKey();
            long millis = note.getValue();
            byte[] old = maps.manifests.get(key);
            if (old != null) {
                maps.touchManifest(key, ManifestValue.decode(old), millis);
            }
            // Only if unchanged: a newer note that arrived meanwhile waits for the next flush.
            manifests.remove(key, millis);
        }
        for (Map.Entry<String, Long> note : blobs.entrySet()) {
            String key = note.getKey();
            long millis = note.getValue();
            byte[] old = maps.blobs.get(key);
            if (old != null) {
                BlobValue value = BlobValue.decode(old);
                maps.putBlob(key, value, value.withAccess(millis));
            }
            blobs.remove(key, millis);
        }
    }
}
