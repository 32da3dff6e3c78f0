package dev.wharf.it;

import static dev.wharf.it.support.RegistryClient.assertErrorBrief;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.Distribution;
import dev.wharf.it.support.OciLayout;
import dev.wharf.it.support.RegistryClient;
import dev.wharf.it.support.ThrottledRelay;
import dev.wharf.it.support.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How Wharf fills its cache from the upstream (an anonymous distribution 2.8, reached through a
 * {@link ThrottledRelay} so that a transfer can be made to last while the test acts): one
 * upstream GET per blob however many clients ask at once, every client gets exactly the blob's
 * bytes, a client leaving does not stop the fill, a blob the upstream serves corrupted is never
 * served as a success nor cached, moved tags are followed, and cached images keep pulling while
 * the upstream is down. Upstream GETs are counted in distribution's request log and at the relay,
 * which also tells when each upstream response's last byte left it, so tests can check that
 * clients were served while a fill ran, not after it.
 */
@ExtendWith(ArquillianExtension.class)
class MirrorFillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIB = 1024 * 1024;
    private static Distribution upstream;
    private static ThrottledRelay relay;
    private static Path wharfRoot;

    /** Starts the upstream and the relay before the WAR deploys: the deployment's JNDI names the relay. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        Path work = Deployments.freshDirectory("mirror-fill-upstream");
        upstream = Distribution.start(work.resolve("root"), work.resolve("distribution"));
        relay = ThrottledRelay.start(upstream.port());
        Map<String, String> jndi = Deployments.filesystem("mirror-fill", true);
        wharfRoot = Path.of(jndi.get("storage/filesystem/rootdirectory"));
        jndi.put("proxy/remoteurl", relay.url());
        return Deployments.war("ROOT", jndi);
    }

    @AfterAll
    static void stopUpstream() {
        if (relay != null) {
            relay.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @ArquillianResource
    URL base;

    RegistryClient wharf;
    RegistryClient direct;
    String host;
    Path work;

    @BeforeEach
    void setUp() throws IOException {
        wharf = new RegistryClient(base);
        direct = new RegistryClient(upstream.baseUrl());
        host = "localhost:" + base.getPort();
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-data",
                System.getProperty("arquillian.launch", "default"))), "fill");
    }

    @AfterEach
    void unthrottle() {
        relay.throttle(0);
    }

    @Test
    void coldBlobIsFetchedOnceThenServedFromCache() {
        String repository = "fill/cold";
        byte[] content = Content.random(2 * MIB, 1_001);
        String digest = direct.uploadBlob(repository, content);

        HttpResponse<byte[]> cold = wharf.get("v2/" + repository + "/blobs/" + digest);
        assertEquals(200, cold.statusCode(), () -> RegistryClient.brief(cold));
        assertArrayEquals(content, cold.body());
        assertEquals(digest, RegistryClient.header(cold, "Docker-Content-Digest"));
        assertEquals(1, upstream.awaitBlobGets(digest, 1, Duration.ofSeconds(10)), () -> "upstream saw " + upstream.requestsMentioning(digest));

        HttpResponse<byte[]> warm = wharf.get("v2/" + repository + "/blobs/" + digest);
        assertEquals(200, warm.statusCode(), () -> RegistryClient.brief(warm));
        assertArrayEquals(content, warm.body());
        HttpResponse<byte[]> head = wharf.head("v2/" + repository + "/blobs/" + digest);
        assertEquals(200, head.statusCode());
        assertEquals(Integer.toString(content.length), RegistryClient.header(head, "Content-Length"));
        assertEquals(1, upstream.awaitBlobGets(digest, 1, Duration.ofSeconds(1)), () -> "upstream saw " + upstream.requestsMentioning(digest));
    }

    /**
     * Eight clients ask for a cold 40 MiB blob at once while the upstream sends it at 20 MiB/s: one
     * upstream GET, and every client is served from that one fill while it runs (each got its first
     * bytes before the relay sent the blob's last byte), not one after another from the cache.
     */
    @Test
    void concurrentColdRequestsShareOneUpstreamFetch() throws Exception {
        String repository = "fill/concurrent";
        byte[] content = Content.random(40 * MIB, 1_002);
        String digest = direct.uploadBlob(repository, content);
        content = null;
        relay.throttle(20L * MIB);

        int clients = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Received> received = new ArrayList<>();
        try {
            List<Future<Received>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return receive(wharf.uri("v2/" + repository + "/blobs/" + digest).toString());
                }));
            }
            start.countDown();
            for (int i = 0; i < clients; i++) {
                Received one = futures.get(i).get(2, TimeUnit.MINUTES);
                int client = i;
                assertNull(one.error(), () -> "client " + client + " broke off: " + one);
                assertEquals(200, one.status(), () -> "client " + client + ": " + one);
                assertEquals(40L * MIB, one.length(), () -> "client " + client + ": " + one);
                assertEquals(digest, one.digest(), () -> "client " + client + " got other bytes: " + one);
                received.add(one);
            }
        } finally {
            pool.shutdownNow();
        }
        List<ThrottledRelay.Exchange> fetches = settledFetches(digest);
        assertEquals(1, fetches.size(), () -> "upstream blob GETs through the relay: " + fetches);
        ThrottledRelay.Exchange fill = fetches.get(0);
        assertEquals(40L * MIB, fill.bodySent(), fill::toString);
        for (int i = 0; i < clients; i++) {
            Received one = received.get(i);
            int client = i;
            assertTrue(one.startedNanos() < fill.lastByteNanos(), () -> "client " + client + " only started "
                    + millis(one.startedNanos() - fill.lastByteNanos()) + " ms after the upstream sent the blob's last byte");
            assertTrue(one.firstByteNanos() < fill.lastByteNanos(), () -> "client " + client + " got its first byte "
                    + millis(one.firstByteNanos() - fill.lastByteNanos())
                    + " ms after the upstream sent the blob's last byte: it was not served while the fill ran");
        }
        assertEquals(1, upstream.awaitBlobGets(digest, 1, Duration.ofSeconds(10)), () -> "upstream saw " + upstream.requestsMentioning(digest));

        relay.throttle(0);
        Received again = receive(wharf.uri("v2/" + repository + "/blobs/" + digest).toString());
        assertEquals(200, again.status(), again::toString);
        assertEquals(digest, again.digest());
        assertEquals(1, upstream.awaitBlobGets(digest, 1, Duration.ofSeconds(1)), () -> "upstream saw " + upstream.requestsMentioning(digest));
    }

    /**
     * A client that leaves while the upstream is still sending (checked at the relay: bytes were
     * left to send when it closed) does not stop the fill: the upstream sends the whole blob, Wharf
     * caches it, and the next request is a cache hit with no second upstream GET.
     */
    @Test
    void clientLeavingMidTransferDoesNotStopTheFill() throws Exception {
        String repository = "fill/disconnect";
        byte[] content = Content.random(24 * MIB, 1_003);
        String digest = direct.uploadBlob(repository, content);
        relay.throttle(12L * MIB);

        try (Socket socket = new Socket("localhost", base.getPort())) {
            socket.getOutputStream().write(("GET /v2/" + repository + "/blobs/" + digest + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8 * 1024];
            int total = 0;
            StringBuilder head = new StringBuilder();
            while (total < 16 * 1024) {
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                if (head.length() < 64) {
                    head.append(new String(buffer, 0, Math.min(read, 64), StandardCharsets.ISO_8859_1));
                }
                total += read;
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 200"), () -> "response began: " + head);
            socket.setSoLinger(true, 0);
        }
        long left = System.nanoTime();
        List<ThrottledRelay.Exchange> whenLeft = blobFetches(digest);

        assertEquals(1, whenLeft.size(), () -> "upstream blob GETs through the relay when the client left: " + whenLeft);
        ThrottledRelay.Exchange during = whenLeft.get(0);
        assertFalse(during.complete(), () -> "the upstream had already sent the whole blob when the client left: " + during);
        assertTrue(during.bodySent() < content.length, () -> "nothing was left to send when the client left: " + during);

        List<ThrottledRelay.Exchange> fetches = settledFetches(digest);
        assertEquals(1, fetches.size(), () -> "upstream blob GETs through the relay: " + fetches);
        ThrottledRelay.Exchange fill = fetches.get(0);
        assertEquals(content.length, fill.bodySent(), () -> "the upstream transfer was cut short after the client left: " + fill);
        assertTrue(fill.lastByteNanos() > left, fill::toString);
        List<Distribution.Request> logged = upstream.requests("GET", "/v2/.+/blobs/" + java.util.regex.Pattern.quote(digest));
        assertEquals(1, logged.size(), () -> "upstream saw " + upstream.requestsMentioning(digest));
        assertEquals(content.length, logged.get(0).written(), () -> "the upstream says it sent " + logged.get(0));
        awaitCommitted(repository, digest, Duration.ofSeconds(10));

        relay.throttle(0);
        HttpResponse<byte[]> cached = wharf.get("v2/" + repository + "/blobs/" + digest);
        assertEquals(200, cached.statusCode(), () -> RegistryClient.brief(cached));
        assertArrayEquals(content, cached.body());
        assertEquals(1, settledFetches(digest).size(), () -> "the request after the fill was not a cache hit: " + blobFetches(digest));
        assertEquals(1, upstream.awaitBlobGets(digest, 1, Duration.ofSeconds(1)), () -> "upstream saw " + upstream.requestsMentioning(digest));
    }

    @Test
    void corruptedUpstreamBlobIsNeverServedNorCached() throws Exception {
        byte[] good = Content.random(4 * MIB, 1_004);
        String sameSize = direct.uploadBlob("fill/corrupt-same-size", good);
        byte[] other = Content.random(4 * MIB, 1_005);
        String truncated = direct.uploadBlob("fill/corrupt-truncated", other);
        Path sameSizeData = upstream.blobData(sameSize);
        Path truncatedData = upstream.blobData(truncated);
        Files.write(sameSizeData, Content.random(good.length, 1_006));
        Files.write(truncatedData, java.util.Arrays.copyOf(other, other.length / 2));
        relay.throttle(8L * MIB);

        for (String[] blob : List.of(new String[] {"fill/corrupt-same-size", sameSize}, new String[] {"fill/corrupt-truncated", truncated})) {
            String url = wharf.uri("v2/" + blob[0] + "/blobs/" + blob[1]).toString();
            for (int attempt = 1; attempt <= 2; attempt++) {
                Received received = receive(url);
                int n = attempt;
                assertFalse(received.error() == null && received.status() >= 200 && received.status() < 300,
                        () -> "attempt " + n + ": GET " + url + " completed as a success with bytes of the wrong digest: " + received);
            }
            assertNotCommittedWrong(blob[1]);
        }

        relay.throttle(0);
        Files.write(sameSizeData, good);
        Files.write(truncatedData, other);
        for (String[] blob : List.of(new String[] {"fill/corrupt-same-size", sameSize}, new String[] {"fill/corrupt-truncated", truncated})) {
            HttpResponse<byte[]> repaired = wharf.get("v2/" + blob[0] + "/blobs/" + blob[1]);
            assertEquals(200, repaired.statusCode(), () -> "after the upstream was repaired: " + RegistryClient.text(repaired));
            assertEquals(blob[1], Content.sha256(repaired.body()), "after the upstream was repaired, Wharf served other bytes");
        }
    }

    @Test
    void movedTagIsFollowed() throws IOException {
        String repository = "fill/moving";
        String first = pushImageUpstream(repository, "latest", 1_010);
        assertEquals(first, pulledDigest(repository + ":latest", work.resolve("first")));

        String second = pushImageUpstream(repository, "latest", 1_011);
        assertFalse(first.equals(second));
        assertEquals(second, pulledDigest(repository + ":latest", work.resolve("second")));
        HttpResponse<byte[]> byTag = wharf.get("v2/" + repository + "/manifests/latest", "Accept", Content.OCI_MANIFEST);
        assertEquals(200, byTag.statusCode(), () -> RegistryClient.text(byTag));
        assertEquals(second, Content.sha256(byTag.body()));
        HttpResponse<byte[]> old = wharf.get("v2/" + repository + "/manifests/" + first, "Accept", Content.OCI_MANIFEST);
        assertEquals(200, old.statusCode(), "the first image stays pullable by digest");
    }

    @Test
    void cachedImagePullsWhileTheUpstreamIsDown() throws IOException {
        String repository = "fill/outage";
        OciLayout layout = new OciLayout(work.resolve("src"));
        OciLayout.Written image = layout.image("amd64", 3, 1_020);
        layout.tag(image, Content.OCI_MANIFEST, "v1");
        Tools.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-no-creds", "oci:" + layout.directory() + ":v1",
                "docker://" + upstream.host() + "/" + repository + ":v1");
        String uncached = direct.uploadBlob(repository, Content.random(100_000, 1_021));
        assertEquals(image.digest(), pulledDigest(repository + ":v1", work.resolve("while-up")));

        upstream.stop();
        relay.pause();
        try {
            Path byTag = work.resolve("by-tag");
            assertEquals(image.digest(), pulledDigest(repository + ":v1", byTag));
            for (String layer : image.layerDigests()) {
                assertEquals(layer, Content.sha256(Files.readAllBytes(byTag.resolve("blobs/sha256/" + layer.substring(7)))));
            }
            Path byDigest = work.resolve("by-digest");
            Tools.run("skopeo", "copy", "--src-tls-verify=false", "--src-no-creds",
                    "docker://" + host + "/" + repository + "@" + image.digest(), "oci:" + byDigest + ":pinned");
            for (String layer : image.layerDigests()) {
                assertEquals(layer, Content.sha256(Files.readAllBytes(byDigest.resolve("blobs/sha256/" + layer.substring(7)))));
            }

            HttpResponse<byte[]> tags = wharf.get("v2/" + repository + "/tags/list");
            assertEquals(200, tags.statusCode(), () -> RegistryClient.text(tags));
            JsonNode list = RegistryClient.json(tags);
            assertEquals(repository, list.path("name").asText());
            assertTrue(list.path("tags").toString().contains("\"v1\""), list::toString);

            assertErrorBrief(wharf.get("v2/" + repository + "/blobs/" + uncached), 503, "UNAVAILABLE");
        } finally {
            relay.resume();
            upstream.restart();
        }
    }

    /**
     * A blob cached for one repository is reused for another only once the upstream confirms that
     * repository has it (README), which a down upstream cannot: the other repository gets 503.
     */
    @Test
    void whileTheUpstreamIsDownABlobCachedForOneRepositoryIsNotServedForAnother() {
        byte[] content = Content.random(60_000, 1_030);
        String digest = direct.uploadBlob("fill/outage-source", content);
        HttpResponse<byte[]> cached = wharf.get("v2/fill/outage-source/blobs/" + digest);
        assertEquals(200, cached.statusCode(), () -> RegistryClient.brief(cached));

        upstream.stop();
        relay.pause();
        try {
            HttpResponse<byte[]> own = wharf.get("v2/fill/outage-source/blobs/" + digest);
            assertEquals(200, own.statusCode(), () -> RegistryClient.brief(own));
            assertArrayEquals(content, own.body());
            assertErrorBrief(wharf.get("v2/fill/outage-elsewhere/blobs/" + digest), 503, "UNAVAILABLE");
        } finally {
            relay.resume();
            upstream.restart();
        }
    }

    /** Pushes a one-layer OCI image (a real gzipped tar, which skopeo copies unchanged) to the upstream under {@code tag}. */
    private String pushImageUpstream(String repository, String tag, long seed) {
        OciLayout layout = new OciLayout(work.resolve("image-" + seed));
        OciLayout.Written image = layout.image("amd64", 1, seed);
        layout.tag(image, Content.OCI_MANIFEST, "t");
        Tools.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-no-creds", "oci:" + layout.directory() + ":t",
                "docker://" + upstream.host() + "/" + repository + ":" + tag);
        return image.digest();
    }

    /** Copies {@code repository:tag} out of Wharf with skopeo into an OCI layout; returns the manifest digest it recorded. */
    private String pulledDigest(String reference, Path into) throws IOException {
        Tools.run("skopeo", "copy", "--src-tls-verify=false", "--src-no-creds", "docker://" + host + "/" + reference, "oci:" + into + ":x");
        return JSON.readTree(into.resolve("index.json").toFile()).path("manifests").path(0).path("digest").asText();
    }

    /**
     * What one client received: status, how many body bytes, their digest, the error that broke the
     * transfer (if any), and when ({@link System#nanoTime()}, the relay's clock) it sent the request
     * and read the first body byte (0 if none).
     */
    record Received(int status, long length, String digest, Throwable error, long startedNanos, long firstByteNanos) {}

    private static Received receive(String url) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        int status = -1;
        long length = 0;
        long firstByte = 0;
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long started = System.nanoTime();
        try {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(java.net.URI.create(url))
                    .timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream body = response.body()) {
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = body.read(buffer)) >= 0) {
                    if (read > 0 && firstByte == 0) {
                        firstByte = System.nanoTime();
                    }
                    sha256.update(buffer, 0, read);
                    length += read;
                }
            }
            return new Received(status, length, "sha256:" + HexFormat.of().formatHex(sha256.digest()), null, started, firstByte);
        } catch (IOException e) {
            return new Received(status, length, "sha256:" + HexFormat.of().formatHex(sha256.digest()), e, started, firstByte);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The upstream GETs of this blob (any repository) the relay has carried so far, finished or not. */
    private static List<ThrottledRelay.Exchange> blobFetches(String digest) {
        return relay.exchanges().stream().filter(e -> e.method().equals("GET") && e.path().endsWith("/blobs/" + digest)).toList();
    }

    /** Like {@link #blobFetches}, once no transfer has been in progress at the relay for 2 s (a late duplicate shows up). */
    private static List<ThrottledRelay.Exchange> settledFetches(String digest) {
        relay.awaitSettled(Duration.ofSeconds(2), Duration.ofMinutes(2));
        return blobFetches(digest);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /**
     * Waits (without failing) until Wharf's storage holds the blob and the repository's link to it,
     * in distribution's layout; the caller's next request tells whether it was cached.
     */
    private static void awaitCommitted(String repository, String digest, Duration timeout) throws InterruptedException {
        String hex = digest.substring("sha256:".length());
        Path data = wharfRoot.resolve("docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
        Path link = wharfRoot.resolve("docker/registry/v2/repositories/" + repository + "/_layers/sha256/" + hex + "/link");
        Instant deadline = Instant.now().plus(timeout);
        while (!(Files.exists(data) && Files.exists(link)) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        Thread.sleep(200);
    }

    /** Wharf's storage must not hold other bytes under the digest (the blob in distribution's layout, if there). */
    private static void assertNotCommittedWrong(String digest) throws IOException {
        String hex = digest.substring("sha256:".length());
        Path data = wharfRoot.resolve("docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
        if (Files.exists(data)) {
            assertEquals(digest, Content.sha256(Files.readAllBytes(data)), "Wharf committed corrupted bytes under " + digest);
        }
    }
}
