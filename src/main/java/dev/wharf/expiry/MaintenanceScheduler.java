package dev.wharf.expiry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The timer of the registry's background work (distribution's upload purging; in a mirror, the
 * cache's expiry and disk budget), from {@link #start()} to {@link #stop()}. Work runs on the
 * server's managed scheduled executor when JNDI has one, else on one thread of Wharf's own (see
 * {@link SchedulerSource}). Tasks are added before start; each sleeps until it is due rather
 * than polling.
 */
public final class MaintenanceScheduler {
    private static final Logger LOG = Logger.getLogger(MaintenanceScheduler.class.getName());

    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    private final List<ScheduledFuture<?>> scheduled = new CopyOnWriteArrayList<>();
    private SchedulerSource source;

    /** A task run every {@code interval}, first after {@code first}; {@code what} names it in logs. */
    public void every(String what, Duration first, Duration interval, Runnable task) {
        tasks.add(new Task(what, first, interval, task));
    }

    /** Obtains the executor and schedules every task. */
    public synchronized void start() {
        if (source != null) {
            return;
        }
        source = SchedulerSource.obtain();
        for (Task task : tasks) {
            scheduled.add(source.executor().scheduleWithFixedDelay(() -> run(task), task.first.toMillis(),
                    task.interval.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Runs {@code work} on the maintenance executor soon, outside the schedule; rejected (and
     * dropped) once stopped or before start.
     */
    public Executor executor() {
        return work -> {
            SchedulerSource current = source;
            if (current == null) {
                throw new java.util.concurrent.RejectedExecutionException("the maintenance scheduler is not running");
            }
            current.executor().execute(work);
        };
    }

    /** Cancels every task and ends Wharf's own thread, waiting for a running task to finish. */
    public synchronized void stop() {
        scheduled.forEach(future -> future.cancel(false));
        scheduled.clear();
        if (source != null) {
            source.stop();
            source = null;
        }
    }

    private static void run(Task task) {
        try {
            task.work.run();
        } catch (RuntimeException e) {
            // An exception would cancel the schedule: log it and try again at the next interval.
            LOG.log(Level.WARNING, task.what + " failed; it runs again in " + task.interval, e);
        }
    }

    private record Task(String what, Duration first, Duration interval, Runnable work) {}
}
