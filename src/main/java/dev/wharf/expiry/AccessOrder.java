package dev.wharf.expiry;

import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.h2.mvstore.MVMap;

/** Iteration over an access-ordered map of the cache index, oldest first. */
final class AccessOrder {
    private AccessOrder() {}

    /**
     * Walks an access-ordered map's snapshot up to {@code cutoff}, resolving each key against the
     * entry maps as they are now: entries removed since are skipped, and so are entries accessed
     * since (they are no longer idle).
     */
    static <T> Iterator<T> idle(MVMap<String, byte[]> byAccess, long limit, Function<String, T> resolve,
            Function<T, Instant> lastAccess) {
        Iterator<String> keys = byAccess.keyIterator(null);
        return new Iterator<>() {
            private T next;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (next == null && !done) {
                    if (!keys.hasNext()) {
                        done = true;
                        break;
                    }
                    String accessKey = keys.next();
                    if (EntryCodec.accessOf(accessKey) > limit) {
                        done = true;
                        break;
                    }
                    T entry = resolve.apply(EntryCodec.keyOf(accessKey));
                    if (entry != null && lastAccess.apply(entry).toEpochMilli() <= limit) {
                        next = entry;
                    }
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T result = next;
                next = null;
                return result;
            }
        };
    }
}
