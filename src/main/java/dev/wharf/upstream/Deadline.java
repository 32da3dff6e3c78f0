package dev.wharf.upstream;

import java.time.Duration;
import java.time.Instant;

/**
 * When a blob transfer must have started: {@code proxy.filltimeout} counted from the start of the
 * fill. It bounds every wait on the way to the first body byte (the pool queue, connecting, the
 * ping and token requests, each redirect hop, each response), since the fill's own watchdog only
 * sees the body once it has it. Requests without one ({@link #NONE}: manifests, tags, blob HEADs)
 * wait at most the upstream timeout per step.
 *
 * <p>Read on the system clock, like the {@code Instant.now()} the caller counts from.
 *
 * @param at the instant; {@link Instant#MAX} for none
 */
record Deadline(Instant at) {

    static final Deadline NONE = new Deadline(Instant.MAX);

    boolean passed() {
        return !Instant.now().isBefore(at);
    }

    /** The shorter of a timeout and the time left, at least a millisecond. */
    Duration bound(Duration timeout) {
        if (at.equals(Instant.MAX)) {
            return timeout;
        }
        Duration left = Duration.between(Instant.now(), at);
        Duration bounded = left.compareTo(timeout) < 0 ? left : timeout;
        return bounded.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : bounded;
    }

    /** The exception for a step that could not finish in time, naming the setting to raise. */
    UpstreamException exceeded(String what) {
        return new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
                what + ": the blob transfer did not start within proxy.filltimeout");
    }

    /** The same, keeping the failure that revealed it. */
    UpstreamException exceeded(String what, Throwable cause) {
        return new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
                what + ": the blob transfer did not start within proxy.filltimeout", cause);
    }

    @Override
    public String toString() {
        return at.equals(Instant.MAX) ? "Deadline[none]" : "Deadline[" + at + "]";
    }
}
