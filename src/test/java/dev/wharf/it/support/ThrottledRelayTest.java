package dev.wharf.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay the mirror tests race against: its throttle is a rate limit that idle time on a
 * kept-alive connection does not turn into credit, and it frames the exchanges it carries so a
 * test can see when a response's last byte left it and how much was still to come.
 */
class ThrottledRelayTest {
    private static final int BLOB = 512 * 1024;
    private static final long RATE = 512 * 1024;

    private HttpServer server;
    private ThrottledRelay relay;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] blob = Content.random(BLOB, 77);
        server.createContext("/blob", exchange -> {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(blob.length));
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(200, blob.length);
                exchange.getResponseBody().write(blob);
            }
            exchange.close();
        });
        server.createContext("/small", exchange -> {
            byte[] body = "small".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(new byte[3000]);
            exchange.close();
        });
        server.start();
        relay = ThrottledRelay.start(server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        relay.close();
        server.stop(0);
    }

    @Test
    void idleReusedConnectionGetsNoCredit() throws Exception {
        relay.throttle(RATE);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
            assertEquals(0, exchange(socket, "HEAD", "/blob"));
            assertEquals(5, exchange(socket, "GET", "/small"));
            Thread.sleep(1_500); // longer than the blob takes at RATE: an accumulating throttle would let it all through at once

            long sent = System.nanoTime();
            assertEquals(BLOB, exchange(socket, "GET", "/blob"));
            long took = System.nanoTime() - sent;
            long minimum = BLOB * 1_000_000_000L / RATE;
            assertTrue(took >= minimum, () -> "a " + BLOB + " byte blob through an idle reused connection took "
                    + took / 1_000_000 + " ms at " + RATE + " bytes/s: at least " + minimum / 1_000_000 + " ms expected");
        }
        // The relay accounts for its last write after the client may already have read it: let it settle.
        List<ThrottledRelay.Exchange> exchanges = relay.awaitSettled(Duration.ofMillis(100), Duration.ofSeconds(5));
        assertEquals(List.of("HEAD /blob", "GET /small", "GET /blob"),
                exchanges.stream().map(e -> e.method() + " " + e.uri()).toList());
        assertTrue(exchanges.stream().allMatch(ThrottledRelay.Exchange::complete), exchanges::toString);
        ThrottledRelay.Exchange head = exchanges.get(0);
        assertEquals(BLOB, head.contentLength(), "a HEAD announces the length");
        assertEquals(0, head.bodySent(), "a HEAD has no body");
        ThrottledRelay.Exchange blob = exchanges.get(2);
        assertEquals(BLOB, blob.contentLength());
        assertEquals(BLOB, blob.bodySent());
        assertTrue(blob.lastByteNanos() - blob.requestNanos() >= BLOB * 1_000_000_000L / RATE, blob::toString);
    }

    @Test
    void transferInProgressShowsWhatIsLeft() throws Exception {
        relay.throttle(RATE);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
            request(socket, "GET", "/blob");
            InputStream in = socket.getInputStream();
            readHead(in);
            in.readNBytes(64 * 1024);
            ThrottledRelay.Exchange partway = relay.exchanges("GET", "/blob").get(0);
            assertFalse(partway.complete(), partway::toString);
            assertTrue(partway.bodySent() < partway.contentLength(), partway::toString);
            assertEquals(BLOB, partway.contentLength());
            in.readNBytes(BLOB - 64 * 1024);
        }
        relay.awaitSettled(Duration.ofMillis(200), Duration.ofSeconds(10));
        List<ThrottledRelay.Exchange> settled = relay.exchanges("GET", "/blob");
        assertEquals(1, settled.size());
        assertTrue(settled.get(0).complete());
        assertEquals(BLOB, settled.get(0).bodySent());
    }

    @Test
    void chunkedResponsesAreFramed() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
            request(socket, "GET", "/chunked");
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertTrue(head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked"), head);
            readChunked(in);
            assertEquals(5, exchange(socket, "GET", "/small"));
        }
        relay.awaitSettled(Duration.ofMillis(200), Duration.ofSeconds(10));
        List<ThrottledRelay.Exchange> exchanges = relay.exchanges("GET", "/chunked");
        assertEquals(1, exchanges.size());
        assertEquals(3000, exchanges.get(0).bodySent());
        assertEquals(1, relay.exchanges("GET", "/small").size());
        assertTrue(relay.exchanges("GET", "/small").get(0).complete());
    }

    /** Sends one request on a kept-alive connection and reads its whole response; returns the body length. */
    private static int exchange(Socket socket, String method, String path) throws IOException {
        request(socket, method, path);
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        if (method.equals("HEAD")) {
            return 0;
        }
        int length = Integer.parseInt(header(head, "content-length"));
        return in.readNBytes(length).length;
    }

    private static void request(Socket socket, String method, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection ended in the response head: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void readChunked(InputStream in) throws IOException {
        while (true) {
            int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return;
            }
            in.readNBytes(size);
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection ended in a chunk line");
            }
            line.append((char) b);
        }
        return line.toString().trim();
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " in " + head);
    }
}
