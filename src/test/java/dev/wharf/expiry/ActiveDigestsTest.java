package dev.wharf.expiry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActiveDigestsTest {
    private static final Digest A = Digest.sha256Of(new byte[] {1});
    private static final Digest B = Digest.sha256Of(new byte[] {2});

    private final ActiveDigests active = new ActiveDigests();

    @Test
    void aDigestIsInUseUntilItsLastHoldCloses() {
        ActiveDigests.Hold first = active.hold(A);
        ActiveDigests.Hold second = active.hold(A);
        assertTrue(active.inUse(A));
        assertFalse(active.inUse(B));
        first.close();
        assertTrue(active.inUse(A), "one hold is still open");
        second.close();
        assertFalse(active.inUse(A));
    }

    @Test
    void closingAHoldTwiceReleasesOnce() {
        ActiveDigests.Hold first = active.hold(A);
        ActiveDigests.Hold second = active.hold(A);
        first.close();
        first.close();
        assertTrue(active.inUse(A), "a second close must not release the other hold");
        second.close();
        assertFalse(active.inUse(A));
    }

    @Test
    void holdsFromManyThreadsBalance() throws Exception {
        int threads = 8;
        int rounds = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ActiveDigests.Hold kept = active.hold(A);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        try (ActiveDigests.Hold hold = active.hold(A)) {
                            if (!active.inUse(A)) {
                                throw new AssertionError("a held digest was not in use");
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> done : work) {
                done.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(active.inUse(A), "the hold taken before the threads is still counted");
        kept.close();
        assertFalse(active.inUse(A), "every hold was released exactly once");
    }
}
