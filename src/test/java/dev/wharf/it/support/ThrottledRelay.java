package dev.wharf.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on a free local port in front of an HTTP server, that can slow down what the
 * server sends back (to make a transfer last long enough for a test to act during it), can stop
 * listening (connections are then refused) and listen again on the same port, and records every
 * HTTP exchange it carried with the moments its response began and ended ({@link #exchanges}).
 *
 * <p>The throttle is a rate limit per connection with no credit: each chunk of at most
 * {@value #CHUNK} bytes is held for its own transmission time ({@code size / rate}) counted from
 * the later of now and the end of the previous chunk's time, so an idle pooled connection cannot
 * save up time and then send a whole blob at full speed. A response of {@code n} bytes therefore
 * takes at least {@code n / rate} to pass.
 */
public final class ThrottledRelay implements AutoCloseable {
    static final int CHUNK = 16 * 1024;

    /**
     * One HTTP exchange through the relay: the request line, the response status and body size
     * ({@code contentLength} -1 for chunked or not yet known), how much of the body has passed,
     * and {@link System#nanoTime()} moments: the request passing, the response's first byte
     * leaving the relay and, once {@code complete}, its last byte leaving the relay.
     */
    public record Exchange(String method, String uri, int status, long contentLength, long bodySent, long requestNanos,
            long firstByteNanos, long lastByteNanos, boolean complete) {
        /** The path without the query. */
        public String path() {
            int query = uri.indexOf('?');
            return query < 0 ? uri : uri.substring(0, query);
        }
    }

    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<ExchangeTracker.Tracked> exchanges = new CopyOnWriteArrayList<>();
    private volatile long bytesPerSecond;
    private volatile ServerSocket listener;

    private ThrottledRelay(int targetPort, int port) {
        this.targetPort = targetPort;
        this.port = port;
    }

    /** Starts relaying {@code 127.0.0.1:<free port>} to {@code 127.0.0.1:targetPort}. */
    public static ThrottledRelay start(int targetPort) {
        try {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            ThrottledRelay relay = new ThrottledRelay(targetPort, port);
            relay.listen();
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Limits what the target sends back to this many bytes per second per connection; 0 lifts the limit. */
    public void throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Every exchange so far, complete or in progress, as it stands now, in request order. */
    public List<Exchange> exchanges() {
        return exchanges.stream().map(ExchangeTracker.Tracked::snapshot).toList();
    }

    /** The exchanges with this method whose path (without query) is {@code path}, as they stand now. */
    public List<Exchange> exchanges(String method, String path) {
        return exchanges().stream().filter(e -> e.method().equals(method) && e.path().equals(path)).toList();
    }

    /**
     * Waits until no exchange has begun or been in progress for {@code quiet} (a late request would
     * show up as one) and returns every exchange; fails after {@code timeout}.
     */
    public List<Exchange> awaitSettled(Duration quiet, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long settledSince = System.nanoTime();
        int seen = -1;
        while (true) {
            List<Exchange> all = exchanges();
            boolean busy = all.stream().anyMatch(e -> !e.complete()) || all.size() != seen;
            seen = all.size();
            long now = System.nanoTime();
            if (busy) {
                settledSince = now;
            } else if (now - settledSince >= quiet.toNanos()) {
                return all;
            }
            if (now > deadline) {
                throw new AssertionError("the relay never settled within " + timeout + ": " + all.stream().filter(e -> !e.complete()).toList());
            }
            LockSupport.parkNanos(50_000_000);
        }
    }

    /** Stops listening and drops every relayed connection: new connections are refused. */
    public void pause() {
        ServerSocket current = listener;
        listener = null;
        closeQuietly(current);
        sockets.forEach(ThrottledRelay::closeQuietly);
        sockets.clear();
    }

    /** Listens again on the same port. */
    public void resume() {
        if (listener != null) {
            return;
        }
        try {
            listen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        pause();
    }

    private void listen() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        listener = server;
        Thread acceptor = new Thread(() -> accept(server), "relay-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            Socket target;
            try {
                target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            } catch (IOException refused) {
                closeQuietly(client);
                continue;
            }
            sockets.add(client);
            sockets.add(target);
            AtomicInteger open = new AtomicInteger(2);
            ExchangeTracker tracker = new ExchangeTracker(exchanges::add);
            pump(client, target, open, new Direction(false, tracker));
            pump(target, client, open, new Direction(true, tracker));
        }
    }

    /** Which way a pump copies: the target's answers are throttled and framed as responses, the client's as requests. */
    private record Direction(boolean fromTarget, ExchangeTracker tracker) {}

    /** Copies one direction; at its end half-closes the other side, and closes both once both directions ended. */
    private void pump(Socket from, Socket to, AtomicInteger open, Direction direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[CHUNK];
            long previousEnd = 0;
            boolean clean = false;
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (direction.fromTarget()) {
                        previousEnd = pace(read, previousEnd);
                        out.write(buffer, 0, read);
                        out.flush();
                        direction.tracker().fromTarget(buffer, 0, read, System.nanoTime());
                    } else {
                        direction.tracker().fromClient(buffer, 0, read);
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
                if (direction.fromTarget()) {
                    direction.tracker().targetClosed(System.nanoTime());
                }
                to.shutdownOutput();
                clean = true;
            } catch (IOException | RuntimeException broken) {
                // one side failed (or the framing did not parse): drop both rather than leave a client waiting
            }
            if (!clean || open.decrementAndGet() == 0) {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "relay-pump-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Holds {@code length} bytes for their transmission time at the current rate, starting from the
     * later of now and {@code previousEnd} (never earlier: time spent idle is not credit), and returns
     * when this chunk's time ends.
     */
    private long pace(int length, long previousEnd) {
        long rate = bytesPerSecond;
        long now = System.nanoTime();
        if (rate <= 0) {
            return now;
        }
        long end = Math.max(now, previousEnd) + length * 1_000_000_000L / rate;
        for (long wait = end - now; wait > 0; wait = end - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
        return end;
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
