package dev.wharf.expiry;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the {@link CacheJanitor} has removed since startup, for logs now and the metrics endpoint
 * later. The cache's current size and entry counts are {@link CacheIndex#totals()}.
 */
public final class CacheStatistics {
    private final LongAdder passes = new LongAdder();
    private final LongAdder manifestsExpired = new LongAdder();
    private final LongAdder blobsExpired = new LongAdder();
    private final LongAdder bytesExpired = new LongAdder();
    private final LongAdder imagesEvicted = new LongAdder();
    private final LongAdder blobsEvicted = new LongAdder();
    private final LongAdder bytesEvicted = new LongAdder();
    private final LongAdder deletionFailures = new LongAdder();

    void passCompleted() {
        passes.increment();
    }

    void manifestExpired() {
        manifestsExpired.increment();
    }

    void blobExpired(long bytes) {
        blobsExpired.increment();
        bytesExpired.add(bytes);
    }

    void imageEvicted() {
        imagesEvicted.increment();
    }

    void blobEvicted(long bytes) {
        blobsEvicted.increment();
        bytesEvicted.add(bytes);
    }

    void deletionFailed() {
        deletionFailures.increment();
    }

    /** Janitor passes run. */
    public long passes() {
        return passes.sum();
    }

    /** Manifest entries removed because they were idle past {@code proxy.ttl}. */
    public long manifestsExpired() {
        return manifestsExpired.sum();
    }

    /** Blobs (manifest content included) deleted because they were unreferenced and idle past the ttl. */
    public long blobsExpired() {
        return blobsExpired.sum();
    }

    public long bytesExpired() {
        return bytesExpired.sum();
    }

    /** Manifest entries removed to bring the cache under {@code proxy.maxsize}. */
    public long imagesEvicted() {
        return imagesEvicted.sum();
    }

    /** Blobs (manifest content included) deleted to bring the cache under {@code proxy.maxsize}. */
    public long blobsEvicted() {
        return blobsEvicted.sum();
    }

    public long bytesEvicted() {
        return bytesEvicted.sum();
    }

    /** Removals skipped because storage refused a deletion; retried on a later pass. */
    public long deletionFailures() {
        return deletionFailures.sum();
    }
}
