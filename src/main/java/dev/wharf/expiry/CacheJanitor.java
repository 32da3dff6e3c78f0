package dev.wharf.expiry;

import dev.wharf.domain.Digest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Removes what the mirror no longer needs: manifests idle past {@code proxy.ttl}, then blobs no
 * cached manifest references and idle past it too, then, while the cache is over {@code
 * proxy.maxsize}, the least recently used images and unreferenced blobs, down to {@link
 * #LOW_WATER_PERCENT} of the budget (so that one new fill does not trigger another pass).
 *
 * <p>Safety: storage is changed before the index (a crash in between leaves an index entry
 * whose data is gone, which the next pass removes again, rather than data nobody tracks); a
 * digest for which {@code inUse} answers true (a fill or a stream running now) is never deleted,
 * nor is an entry read since the pass looked at it; a deletion storage refuses is logged with its
 * path and skipped, and retried on a later pass.
 *
 * <p>A scheduler either calls {@link #runPass()} and sleeps until the instant it returns, or calls
 * {@link #tick()} every few seconds, which also flushes the index's access notes and reacts to
 * the budget being exceeded without waiting for the next due time.
 */
public final class CacheJanitor {
    private static final Logger LOG = Logger.getLogger(CacheJanitor.class.getName());

    /** Eviction stops at this share of {@code proxy.maxsize}. */
    public static final int LOW_WATER_PERCENT = 90;
    /** A pass never comes sooner than this after another (entries in use are retried this late). */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    /** A pass never comes later than this after another, whatever the ttl. */
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);

    private final CacheIndex index;
    private final CachedContent content;
    private final Clock clock;
    private final Duration ttl;
    private final OptionalLong maxSize;
    private final Predicate<Digest> inUse;
    private final CacheStatistics statistics = new CacheStatistics();
    private volatile Instant nextPass = Instant.MIN;
    private volatile Instant lastPass = Instant.MIN;

    /**
     * @param ttl {@code proxy.ttl}, counted from last access; zero disables expiry
     * @param maxSize {@code proxy.maxsize} in bytes; empty for no budget
     * @param inUse whether a digest is being filled or streamed right now
     */
    public CacheJanitor(CacheIndex index, CachedContent content, Clock clock, Duration ttl, OptionalLong maxSize,
            Predicate<Digest> inUse) {
        this.index = Objects.requireNonNull(index);
        this.content = Objects.requireNonNull(content);
        this.clock = Objects.requireNonNull(clock);
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("negative ttl " + ttl);
        }
        if (maxSize.isPresent() && maxSize.getAsLong() < 0) {
            throw new IllegalArgumentException("negative maxsize " + maxSize.getAsLong());
        }
        this.ttl = ttl;
        this.maxSize = maxSize;
        this.inUse = Objects.requireNonNull(inUse);
    }

    /** Counters of what was removed since startup. */
    public CacheStatistics statistics() {
        return statistics;
    }

    /** Whether the cache holds more than {@code proxy.maxsize}. */
    public boolean overBudget() {
        return maxSize.isPresent() && index.totals().bytes() > maxSize.getAsLong();
    }

    /**
     * For a fixed-rate scheduler (every few seconds): flushes access notes, then runs a pass when
     * one is due, or when the cache went over budget and the last pass is at least {@link
     * #MIN_INTERVAL} ago.
     */
    public void tick() {
        index.flush();
        Instant now = clock.instant();
        if (!now.isBefore(nextPass) || (overBudget() && !now.isBefore(lastPass.plus(MIN_INTERVAL)))) {
            runPass();
        }
    }

    /**
     * Runs one pass.
     *
     * @return when the next pass is due: the earliest remaining entry's last access plus the ttl,
     *     at least {@link #MIN_INTERVAL} and at most {@link #MAX_INTERVAL} from now
     */
    public synchronized Instant runPass() {
        Instant now = clock.instant();
        index.flush();
        Pass pass = new Pass();
        if (!ttl.isZero()) {
            expire(now.minus(ttl), pass);
        }
        if (maxSize.isPresent()) {
            evict(maxSize.getAsLong(), pass);
        }
        statistics.passCompleted();
        CacheTotals totals = index.totals();
        if (pass.removedAnything()) {
            LOG.info(pass.summary(maxSize, totals));
        }
        lastPass = now;
        nextPass = nextPass(now, totals);
        return nextPass;
    }

    private void expire(Instant cutoff, Pass pass) {
        for (Iterator<ManifestEntry> idle = index.manifestsIdleSince(cutoff); idle.hasNext(); ) {
            ManifestEntry seen = idle.next();
            Optional<ManifestEntry> current = index.manifest(seen.repository(), seen.digest());
            if (current.isEmpty() || current.get().lastAccess().isAfter(cutoff) || inUse.test(seen.digest())) {
                continue;
            }
            // Its blobs are not deleted here: each goes below once it is unreferenced and idle itself.
            if (removeManifest(seen, cutoff) != null) {
                pass.manifestsExpired++;
                statistics.manifestExpired();
            }
        }
        // Started after the manifests went, so it sees the blobs they left unreferenced.
        for (Iterator<BlobEntry> idle = index.unreferencedBlobsIdleSince(cutoff); idle.hasNext(); ) {
            Optional<BlobEntry> current = index.blob(idle.next().digest());
            // Read, or referenced by a manifest cached, since the iteration began: keep it.
            if (current.isEmpty() || current.get().references() > 0 || current.get().lastAccess().isAfter(cutoff)) {
                continue;
            }
            if (removeBlob(current.get(), cutoff)) {
                pass.blobsExpired++;
                pass.bytesExpired += current.get().size();
                statistics.blobExpired(current.get().size());
            }
        }
    }

    private void evict(long budget, Pass pass) {
        if (index.totals().bytes() <= budget) {
            return;
        }
        long lowWater = budget / 100 * LOW_WATER_PERCENT + budget % 100 * LOW_WATER_PERCENT / 100;
        // Two least-recently-used orders merged: images, and blobs no image references (pulled
        // on their own, or left behind by a manifest that went earlier).
        Peeking<ManifestEntry> images = new Peeking<>(index.manifestsIdleSince(Instant.MAX));
        Peeking<BlobEntry> loose = new Peeking<>(index.unreferencedBlobsIdleSince(Instant.MAX));
        while (index.totals().bytes() > lowWater && (images.peek() != null || loose.peek() != null)) {
            ManifestEntry image = images.peek();
            BlobEntry blob = loose.peek();
            if (blob == null || (image != null && !image.lastAccess().isAfter(blob.lastAccess()))) {
                images.next();
                evictImage(image, pass);
            } else if (evictBlob(loose.next(), pass)) {
                pass.looseBlobsEvicted++;
            }
        }
    }

    private void evictImage(ManifestEntry seen, Pass pass) {
        Optional<ManifestEntry> current = index.manifest(seen.repository(), seen.digest());
        // Read since the order was taken: no longer the least recently used.
        if (current.isEmpty() || current.get().lastAccess().isAfter(seen.lastAccess()) || inUse.test(seen.digest())) {
            return;
        }
        List<BlobEntry> unreferenced = removeManifest(seen, seen.lastAccess());
        if (unreferenced == null) {
            return;
        }
        pass.imagesEvicted++;
        statistics.imageEvicted();
        // Whatever the image alone kept, whatever its age; blobs in use stay for a later pass.
        for (BlobEntry blob : unreferenced) {
            evictBlob(blob, pass);
        }
    }

    private boolean evictBlob(BlobEntry seen, Pass pass) {
        Optional<BlobEntry> current = index.blob(seen.digest());
        if (current.isEmpty() || current.get().references() > 0
                || current.get().lastAccess().isAfter(seen.lastAccess())) {
            return false;
        }
        if (!removeBlob(current.get(), seen.lastAccess())) {
            return false;
        }
        pass.bytesEvicted += current.get().size();
        statistics.blobEvicted(current.get().size());
        return true;
    }

    /**
     * Storage first, then the index, and the index only if nobody touched the entry meanwhile.
     *
     * @return the blobs it left unreferenced, or null when nothing was removed
     */
    private List<BlobEntry> removeManifest(ManifestEntry manifest, Instant notAccessedAfter) {
        try {
            content.removeManifest(manifest.repository(), manifest.digest());
        } catch (IOException | RuntimeException e) {
            failed("manifest " + manifest.repository() + "@" + manifest.digest(), e);
            return null;
        }
        Optional<List<BlobEntry>> unreferenced =
                index.removeManifest(manifest.repository(), manifest.digest(), notAccessedAfter);
        if (unreferenced.isEmpty()) {
            raced("manifest " + manifest.repository() + "@" + manifest.digest());
            return null;
        }
        return unreferenced.get();
    }

    private boolean removeBlob(BlobEntry blob, Instant notAccessedAfter) {
        if (inUse.test(blob.digest())) {
            return false;
        }
        try {
            content.removeBlob(blob.digest(), blob.repositories());
        } catch (IOException | RuntimeException e) {
            failed("blob " + blob.digest(), e);
            return false;
        }
        if (!index.removeBlob(blob.digest(), notAccessedAfter)) {
            raced("blob " + blob.digest());
            return false;
        }
        return true;
    }

    private static void raced(String what) {
        // Cached or read again between the check and the deletion: the index keeps the entry,
        // and the mirror fetches the data again on the next read that misses it.
        LOG.fine("cache: " + what + " was cached or read again while being removed; kept in the index");
    }

    private void failed(String what, Exception e) {
        statistics.deletionFailed();
        LOG.log(Level.WARNING, "cache: could not remove " + what + ", will retry: " + e.getMessage(), e);
    }

    private Instant nextPass(Instant now, CacheTotals totals) {
        Instant earliest = now.plus(MIN_INTERVAL);
        if (maxSize.isPresent() && totals.bytes() > maxSize.getAsLong()) {
            // Still over budget: what is left is in use or could not be deleted. Retry soon.
            return earliest;
        }
        Instant next = now.plus(MAX_INTERVAL);
        if (!ttl.isZero()) {
            // With nothing cached, nothing recorded from now on can fall due before now + ttl.
            Instant due = index.nextDue(ttl).orElseGet(() -> now.plus(ttl));
            if (due.isBefore(next)) {
                next = due;
            }
        }
        return next.isBefore(earliest) ? earliest : next;
    }

    static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }

    /** What one pass removed, for its log line. */
    private static final class Pass {
        long manifestsExpired;
        long blobsExpired;
        long bytesExpired;
        long imagesEvicted;
        long looseBlobsEvicted;
        long bytesEvicted;

        boolean removedAnything() {
            return manifestsExpired + blobsExpired + imagesEvicted + bytesEvicted > 0;
        }

        String summary(OptionalLong maxSize, CacheTotals totals) {
            StringBuilder line = new StringBuilder("cache: expired ").append(manifestsExpired).append(" manifests and ")
                    .append(blobsExpired).append(" blobs (").append(mebibytes(bytesExpired)).append(" MiB)");
            if (maxSize.isPresent()) {
                line.append(", evicted ").append(imagesEvicted).append(" images");
                if (looseBlobsEvicted > 0) {
                    line.append(" and ").append(looseBlobsEvicted).append(" unreferenced blobs");
                }
                line.append(" (").append(mebibytes(bytesEvicted)).append(" MiB) to stay under proxy.maxsize ")
                        .append(mebibytes(maxSize.getAsLong())).append(" MiB");
            }
            return line.append("; now ").append(mebibytes(totals.bytes())).append(" MiB in ").append(totals.entries())
                    .append(" entries").toString();
        }
    }

    /** An iterator that shows its next element without taking it. */
    private static final class Peeking<T> {
        private final Iterator<T> iterator;
        private T next;

        Peeking(Iterator<T> iterator) {
            this.iterator = iterator;
        }

        T peek() {
            if (next == null && iterator.hasNext()) {
                next = iterator.next();
            }
            return next;
        }

        T next() {
            T result = peek();
            next = null;
            return result;
        }
    }
}
