package dev.wharf.app;

import dev.wharf.config.MaintenanceConfig;
import java.time.Duration;

/** Fixed timings of background work, in one place. */
final class Timings {
    /** First purge soon after startup (distribution purges at startup too), but not during it. */
    static final Duration FIRST_PURGE_DELAY = Duration.ofMinutes(1);
    /** How often access times are persisted and the janitor checks whether a pass is due. */
    static final Duration JANITOR_BEAT = Duration.ofSeconds(5);
    /** Concurrent upstream blob transfers; more cold blobs than this wait in line. */
    static final int MAX_FILLS = 32;
    /** Cold blobs that may wait for a fill thread; more are answered 503 with Retry-After. */
    static final int QUEUED_FILLS = 48;
    /** How long undeploy lets running upstream transfers finish before failing them. */
    static final Duration FILL_DRAIN = Duration.ofSeconds(10);

    private Timings() {}

    static Duration firstPurge(MaintenanceConfig maintenance) {
        Duration interval = maintenance.uploadPurgingInterval();
        return interval.compareTo(FIRST_PURGE_DELAY) < 0 ? interval : FIRST_PURGE_DELAY;
    }
}
