package dev.wharf.proxy;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what the mirror did, for logs now and for the metrics endpoint once it exists.
 * Cheap to update from any thread.
 */
public final class ProxyStatistics {
    private final LongAdder fillsStarted = new LongAdder();
    private final LongAdder fillsJoined = new LongAdder();
    private final LongAdder fillsCommitted = new LongAdder();
    private final LongAdder fillsFailed = new LongAdder();
    private final LongAdder bytesFilled = new LongAdder();
    private final LongAdder servedStale = new LongAdder();
    private final LongAdder upstreamFailures = new LongAdder();

    void fillStarted() {
        fillsStarted.increment();
    }

    void fillJoined() {
        fillsJoined.increment();
    }

    void fillCommitted(long bytes) {
        fillsCommitted.increment();
        bytesFilled.add(bytes);
    }

    void fillFailed() {
        fillsFailed.increment();
    }

    void servedFromCacheWhileUpstreamDown() {
        servedStale.increment();
    }

    void upstreamFailed() {
        upstreamFailures.increment();
    }

    /** Upstream blob transfers started (one per cold digest, however many clients asked). */
    public long fillsStarted() {
        return fillsStarted.sum();
    }

    /** Requests that joined a transfer already running instead of starting one. */
    public long fillsJoined() {
        return fillsJoined.sum();
    }

    public long fillsCommitted() {
        return fillsCommitted.sum();
    }

    public long fillsFailed() {
        return fillsFailed.sum();
    }

    public long bytesFilled() {
        return bytesFilled.sum();
    }

    /** Manifests or tag lists served from the cache because the upstream could not answer. */
    public long servedStale() {
        return servedStale.sum();
    }

    public long upstreamFailures() {
        return upstreamFailures.sum();
    }
}
