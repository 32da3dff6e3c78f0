package dev.wharf.proxy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one piece of work per key at a time and hands its outcome to everyone who asked for the
 * same key meanwhile: N concurrent pulls of one tag make one upstream check, not N (Docker Hub
 * counts every manifest GET against the pull limit). Callers wait on their own threads, which
 * suits manifests: small, and fetched within {@code proxy.upstreamtimeout}. A caller that comes
 * after the work finished starts new work — this shares requests in flight, it caches nothing.
 *
 * @param <K> what identifies the work, such as repository and reference
 * @param <V> its result
 */
final class SingleFlight<K, V> {
    private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    /** Work that may fail the way upstream and storage calls do. */
    @FunctionalInterface
    interface Work<V> {
        V run() throws IOException, Shared;
    }

    /**
     * A checked failure of the work, given unchanged to every caller that shared it. Wrapping
     * lets the work throw its own checked exceptions through one signature.
     */
    static final class Shared extends Exception {
        Shared(Exception cause) {
            super(cause);
        }
    }

    /**
     * The outcome of the work running for {@code key}, or of {@code work} started now.
     *
     * @throws IOException as the work threw it
     * @throws Shared wrapping any other checked exception of the work
     */
    V run(K key, Work<V> work) throws IOException, Shared {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            waiting.incrementAndGet();
            try {
                return await(running);
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            V result = work.run();
            mine.complete(result);
            return result;
        } catch (IOException | Shared | RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            // Removed after completing, so a caller arriving in between still gets this outcome.
            inFlight.remove(key, mine);
        }
    }

    /** Callers waiting for another caller's work right now. */
    int waiting() {
        return waiting.get();
    }

    private static <V> V await(CompletableFuture<V> running) throws IOException, Shared {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for a shared upstream request");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof Shared shared) {
                throw shared;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("unexpected failure of shared work", cause);
        }
    }
}
