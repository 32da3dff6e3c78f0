package dev.wharf.expiry;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the janitor at once when something just cached put the cache over {@code proxy.maxsize},
 * rather than at its next beat, so the cache overshoots its budget by at most the transfers in
 * flight. Passes asked for while one is queued coalesce into it.
 */
public final class BudgetTrigger implements Runnable {
    private static final Logger LOG = Logger.getLogger(BudgetTrigger.class.getName());

    private final CacheJanitor janitor;
    private final Executor executor;
    private final AtomicBoolean queued = new AtomicBoolean();

    public BudgetTrigger(CacheJanitor janitor, Executor executor) {
        this.janitor = janitor;
        this.executor = executor;
    }

    /** Tells the janitor that something was just cached. */
    @Override
    public void run() {
        if (!janitor.overBudget() || !queued.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                queued.set(false);
                try {
                    janitor.runPass();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a cache eviction pass failed; the next janitor beat retries it", e);
                }
            });
        } catch (RejectedExecutionException e) {
            queued.set(false); // stopping: nothing more to evict
        }
    }
}
