package dev.wharf.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SingleFlightTest {
    private final SingleFlight<String, String> flights = new SingleFlight<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** Starts {@code callers} calls of one key whose work waits for {@code release}; returns once all are in. */
    private List<Future<String>> pileUp(int callers, CountDownLatch release, AtomicInteger runs, SingleFlight.Work<String> outcome)
            throws InterruptedException {
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            calls.add(threads.submit(() -> flights.run("k", () -> {
                // (the work of the first caller; the others wait for it)
                runs.incrementAndGet();
                awaitRelease(release);
                return outcome.run();
            })));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (flights.waiting() < callers - 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("callers did not pile up: " + flights.waiting() + " waiting");
            }
            Thread.sleep(2);
        }
        return calls;
    }

    private static void awaitRelease(CountDownLatch release) throws IOException {
        try {
            if (!release.await(10, TimeUnit.SECONDS)) {
                throw new IOException("the test never released the work");
            }
        } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
        }
    }

    @Test
    void concurrentCallersShareOneRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Future<String>> calls = pileUp(4, release, runs, () -> "result");
        release.countDown();
        for (Future<String> call : calls) {
            assertEquals("result", call.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, runs.get());
        assertEquals(0, flights.waiting());
    }

    @Test
    void everyCallerGetsTheSameFailure() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        IOException failure = new IOException("upstream broke");
        List<Future<String>> calls = pileUp(3, release, runs, () -> {
            throw failure;
        });
        release.countDown();
        for (Future<String> call : calls) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
            assertSame(failure, e.getCause());
        }
        assertEquals(1, runs.get());
    }

    @Test
    void aCallAfterTheWorkEndedRunsItAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        flights.run("k", () -> "a" + runs.incrementAndGet());
        assertEquals("a2", flights.run("k", () -> "a" + runs.incrementAndGet()));
    }

    @Test
    void differentKeysDoNotWaitForEachOther() throws Exception {
        assertEquals("x", flights.run("k1", () -> flights.run("k2", () -> "x")));
    }
}
