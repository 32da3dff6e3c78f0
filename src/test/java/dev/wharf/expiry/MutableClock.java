package dev.wharf.expiry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test sets by hand. */
final class MutableClock extends Clock {
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);

    void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
