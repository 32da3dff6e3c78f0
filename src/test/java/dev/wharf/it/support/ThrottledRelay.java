package dev.wharf.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a free local port in front of another server, that can slow down what the
 * server sends back (to make a transfer last long enough for a test to act during it) and can
 * stop listening (connections are then refused) and listen again on the same port.
 */
public final class ThrottledRelay implements AutoCloseable {
    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
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

    /** Limits what the target sends back to about this many bytes per second per connection; 0 lifts the limit. */
    public void throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
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
            java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger(2);
            pump(client, target, false, open);
            pump(target, client, true, open);
        }
    }

    /** Copies one direction; at its end half-closes the other side, and closes both once both directions ended. */
    private void pump(Socket from, Socket to, boolean throttled, java.util.concurrent.atomic.AtomicInteger open) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            long started = System.nanoTime();
            long sent = 0;
            boolean clean = false;
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                    sent += read;
                    long rate = bytesPerSecond;
                    if (throttled && rate > 0) {
                        long wait = started + sent * 1_000_000_000L / rate - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    } else {
                        started = System.nanoTime();
                        sent = 0;
                    }
                }
                to.shutdownOutput();
                clean = true;
            } catch (IOException | InterruptedException broken) {
                // one side failed: drop both
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
