package dev.wharf.expiry;

import dev.wharf.config.MaintenanceConfig;
import dev.wharf.storage.StorageBeans;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The timer bean: runs the registry's background work — distribution's upload purging, and in
 * mirror mode the cache's expiry and disk budget — from deployment to undeploy. Each task sleeps
 * until it is due rather than polling.
 */
@ApplicationScoped
public class MaintenanceScheduler {
    private static final Logger LOG = Logger.getLogger(MaintenanceScheduler.class.getName());
    /** First purge soon after startup (distribution purges at startup too), but not during it. */
    private static final Duration FIRST_PURGE_DELAY = Duration.ofMinutes(1);
    /** How often access times are persisted and the janitor checks whether a pass is due. */
    static final Duration JANITOR_BEAT = Duration.ofSeconds(5);

    private final MaintenanceConfig maintenance;
    private final StorageBeans storage;
    private final CacheBeans cache;
    private final List<ScheduledFuture<?>> scheduled = new CopyOnWriteArrayList<>();
    private SchedulerSource scheduler;

    @Inject
    public MaintenanceScheduler(MaintenanceConfig maintenance, StorageBeans storage, CacheBeans cache) {
        this.maintenance = maintenance;
        this.storage = storage;
        this.cache = cache;
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        start();
    }

    synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = SchedulerSource.obtain();
        if (maintenance.uploadPurging() && !maintenance.readOnly()) {
            long first = Math.min(FIRST_PURGE_DELAY.toMillis(), maintenance.uploadPurgingInterval().toMillis());
            scheduled.add(scheduler.executor().scheduleWithFixedDelay(this::purgeUploads, first,
                    maintenance.uploadPurgingInterval().toMillis(), TimeUnit.MILLISECONDS));
        }
        cache.runPassesOn(scheduler.executor());
        cache.janitor().ifPresent(janitor -> scheduled.add(scheduler.executor().scheduleWithFixedDelay(
                () -> tickJanitor(janitor), JANITOR_BEAT.toMillis(), JANITOR_BEAT.toMillis(), TimeUnit.MILLISECONDS)));
    }

    void purgeUploads() {
        Instant cutoff = Instant.now().minus(maintenance.uploadPurgingAge());
        try {
            int purged = storage.uploads().purgeStartedBefore(cutoff, maintenance.uploadPurgingDryRun());
            if (purged > 0) {
                LOG.info((maintenance.uploadPurgingDryRun() ? "upload purging (dry run) would remove " : "upload purging removed ")
                        + purged + " uploads started before " + cutoff);
            }
        } catch (Exception e) {
            // A failed pass must not end the schedule; the next one tries again.
            LOG.log(Level.WARNING, "upload purging failed, will retry in " + maintenance.uploadPurgingInterval(), e);
        }
    }

    /**
     * The cache janitor's heartbeat: every few seconds it persists the access times noted since
     * the last beat (so a kill -9 loses at most that much) and runs an expiry pass when the index
     * says one is due, or at once when the cache went over proxy.maxsize.
     */
    void tickJanitor(CacheJanitor janitor) {
        try {
            janitor.tick();
        } catch (RuntimeException e) {
            // An exception would cancel the schedule; log it and beat again.
            LOG.log(Level.WARNING, "a cache expiry pass failed; it is retried on the next beat", e);
        }
    }

    @PreDestroy
    synchronized void stop() {
        scheduled.forEach(future -> future.cancel(false));
        scheduled.clear();
        if (scheduler != null) {
            scheduler.stop();
        }
    }
}
