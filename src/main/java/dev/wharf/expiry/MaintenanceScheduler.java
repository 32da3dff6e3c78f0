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

    private final MaintenanceConfig maintenance;
    private final StorageBeans storage;
    private final List<ScheduledFuture<?>> scheduled = new CopyOnWriteArrayList<>();
    private SchedulerSource scheduler;

    @Inject
    public MaintenanceScheduler(MaintenanceConfig maintenance, StorageBeans storage) {
        this.maintenance = maintenance;
        this.storage = storage;
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

    /** Runs {@code task} now and then again after the delay it returns, until undeploy. */
    void scheduleSelfTimed(java.util.function.Supplier<Duration> task, Duration firstDelay) {
        Runnable[] runner = new Runnable[1];
        runner[0] = () -> {
            Duration next;
            try {
                next = task.get();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a cache maintenance pass failed; retrying in 1 minute", e);
                next = Duration.ofMinutes(1);
            }
            if (!scheduler.executor().isShutdown()) {
                scheduled.removeIf(java.util.concurrent.Future::isDone);
                scheduled.add(scheduler.executor().schedule(runner[0], Math.max(1, next.toMillis()), TimeUnit.MILLISECONDS));
            }
        };
        scheduled.add(scheduler.executor().schedule(runner[0], firstDelay.toMillis(), TimeUnit.MILLISECONDS));
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
