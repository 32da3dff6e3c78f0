package dev.wharf.expiry;

import dev.wharf.domain.Digest;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The digests a request is filling or streaming right now, which the cache janitor must leave
 * alone. Each use is a {@link #hold} closed when the transfer ends; cheap enough for every read.
 */
public final class ActiveDigests {
    private final ConcurrentHashMap<Digest, AtomicInteger> holds = new ConcurrentHashMap<>();

    /** A use of {@code digest} that lasts until it is closed. */
    public Hold hold(Digest digest) {
        holds.compute(digest, (key, count) -> {
            AtomicInteger counter = count == null ? new AtomicInteger() : count;
            counter.incrementAndGet();
            return counter;
        });
        return new Hold(digest);
    }

    /** Whether anything holds {@code digest}. */
    public boolean inUse(Digest digest) {
        return holds.containsKey(digest);
    }

    private void release(Digest digest) {
        holds.computeIfPresent(digest, (key, count) -> count.decrementAndGet() == 0 ? null : count);
    }

    /** One use; closing it twice releases once. */
    public final class Hold implements AutoCloseable {
        private final Digest digest;
        private boolean closed;

        private Hold(Digest digest) {
            this.digest = digest;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                release(digest);
            }
        }
    }
}
