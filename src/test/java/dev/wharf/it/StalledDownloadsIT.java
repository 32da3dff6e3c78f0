package dev.wharf.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.RegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client downloading a blob holds no request thread while it waits on its socket: with more
 * stalled downloads of a stored blob than the connector has request threads (Tomcat's default
 * is 200), the registry still answers other requests, and every stalled download, once read,
 * delivers the exact bytes. A correctness test, not a benchmark: the timeout is generous.
 */
@ExtendWith(ArquillianExtension.class)
class StalledDownloadsIT {
    private static final String CONTEXT = "stalled";
    private static final int DOWNLOADS = 250;
    /** Far more than a stalled socket's buffers hold, so a blocking writer would wait on every one. */
    private static final int BLOB_SIZE = 4 * 1024 * 1024;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war(CONTEXT, Deployments.filesystem(CONTEXT, false));
    }

    @ArquillianResource
    URL base;

    @Test
    void stalledDownloadsHoldNoRequestThread() throws Exception {
        RegistryClient registry = new RegistryClient(base);
        byte[] layer = Content.random(BLOB_SIZE, 41);
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        String layerDigest = registry.pushBlob("stalled/app", layer);
        String configDigest = registry.pushBlob("stalled/app", config);
        byte[] manifest = Content.imageManifest(Content.OCI_MANIFEST, configDigest, config.length,
                List.<String[]>of(new String[] {layerDigest, Long.toString(layer.length)}));
        assertEquals(201, registry.pushManifest("stalled/app", "latest", Content.OCI_MANIFEST, manifest).statusCode());

        String target = base.getPath() + "v2/stalled/app/blobs/" + layerDigest;
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < DOWNLOADS; i++) {
                stalled.add(requestAndStall(target));
            }
            Thread.sleep(2000); // let the server write into every socket until it is full

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            assertAnswers(http, "v2/", "*/*");
            assertAnswers(http, "v2/stalled/app/manifests/latest", Content.OCI_MANIFEST);

            ExecutorService readers = Executors.newFixedThreadPool(25);
            try {
                List<Future<byte[]>> bodies = new ArrayList<>();
                for (Socket socket : stalled) {
                    bodies.add(readers.submit(() -> readResponse(socket)));
                }
                for (Future<byte[]> body : bodies) {
                    assertArrayEquals(layer, body.get(), "a stalled download, read at last, must deliver the blob");
                }
            } finally {
                readers.shutdownNow();
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    /** Sends a GET and reads nothing; a tiny receive buffer makes the server's writes stall early. */
    private Socket requestAndStall(String target) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        socket.setSoTimeout(60_000);
        String request = "GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nConnection: close\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private void assertAnswers(HttpClient http, String path, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(new RegistryClient(base).uri(path))
                .header("Accept", accept).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            assertEquals(200, http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode(), path);
        } catch (HttpTimeoutException e) {
            fail("GET " + path + " got no answer within 10 s while " + DOWNLOADS
                    + " downloads were stalled: stalled downloads hold the request threads", e);
        }
    }

    /** Reads a whole {@code Connection: close} response; checks the status and returns the body. */
    private static byte[] readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream(BLOB_SIZE + 1024);
        in.transferTo(all);
        byte[] response = all.toByteArray();
        int headEnd = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(headEnd > 0, "no complete response head");
        String head = new String(response, 0, headEnd, StandardCharsets.US_ASCII);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        assertTrue(head.contains("Content-Length: " + BLOB_SIZE), head);
        return java.util.Arrays.copyOfRange(response, headEnd + 4, response.length);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
