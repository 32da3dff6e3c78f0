package dev.wharf.expiry;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Where background work runs: the server's {@code ManagedScheduledExecutorService} when JNDI offers
 * one (WildFly and other full Jakarta EE servers; its threads carry the application's context and
 * the server manages them), otherwise a single daemon thread of our own (Tomcat), which
 * {@link #stop()} ends on undeploy so nothing is left running.
 */
final class SchedulerSource {
    private static final Logger LOG = Logger.getLogger(SchedulerSource.class.getName());
    static final String MANAGED = "java:comp/DefaultManagedScheduledExecutorService";

    private final ScheduledExecutorService executor;
    private final boolean owned;

    private SchedulerSource(ScheduledExecutorService executor, boolean owned) {
        this.executor = executor;
        this.owned = owned;
    }

    static SchedulerSource obtain() {
        Optional<ScheduledExecutorService> managed = lookupManaged();
        if (managed.isPresent()) {
            LOG.info("maintenance runs on the server's " + MANAGED);
            return new SchedulerSource(managed.get(), false);
        }
        ScheduledExecutorService own = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "wharf-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        LOG.fine("no managed scheduled executor in JNDI; maintenance runs on Wharf's own thread");
        return new SchedulerSource(own, true);
    }

    ScheduledExecutorService executor() {
        return executor;
    }

    /** Ends our own thread; a managed executor belongs to the server and is left alone. */
    void stop() {
        if (!owned) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("the maintenance thread did not stop within 10 s of undeploy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<ScheduledExecutorService> lookupManaged() {
        try {
            Object found = new InitialContext().lookup(MANAGED);
            return found instanceof ScheduledExecutorService executor ? Optional.of(executor) : Optional.empty();
        } catch (NamingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
