package dev.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.Distribution;
import dev.wharf.it.support.RegistryClient;
import dev.wharf.it.support.ThrottledRelay;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * One upstream fetch per manifest: concurrent cold pulls of one tag make one upstream HEAD and
 * one GET, and of one digest one GET, counted in the log of a real upstream (distribution 2.8).
 * The upstream is reached through a {@link ThrottledRelay} so slow that every client's request
 * is in Wharf before the first answer comes back: the test checks that they did overlap.
 */
@ExtendWith(ArquillianExtension.class)
class MirrorManifestIT {
    private static final int CLIENTS = 8;
    /** Slow enough that a manifest answer takes a good fraction of a second through the relay. */
    private static final long SLOW = 2_000;
    private static Distribution upstream;
    private static ThrottledRelay relay;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Path work = Deployments.freshDirectory("mirror-manifest-upstream");
        upstream = Distribution.start(work.resolve("root"), work.resolve("distribution"));
        relay = ThrottledRelay.start(upstream.port());
        Map<String, String> jndi = Deployments.filesystem("mirror-manifest", true);
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

    @BeforeEach
    void setUp() {
        wharf = new RegistryClient(base);
        direct = new RegistryClient(upstream.baseUrl());
    }

    @AfterEach
    void unthrottle() {
        relay.throttle(0);
    }

    @Test
    void concurrentColdPullsOfOneTagMakeOneHeadAndOneGet() throws Exception {
        String repository = "manifests/by-tag";
        String digest = pushImageUpstream(repository, "v1", 41);
        relay.throttle(SLOW);

        List<Pull> pulls = pullConcurrently("v2/" + repository + "/manifests/v1");

        assertAllGot(pulls, digest);
        assertOverlapped(pulls);
        upstream.awaitQuiet(Distribution.QUIET, Duration.ofSeconds(30));
        Map<String, Integer> byTag = upstream.manifestRequests(repository, "v1");
        Map<String, Integer> byDigest = upstream.manifestRequests(repository, digest);
        assertEquals(1, byTag.getOrDefault("HEAD", 0), () -> "upstream saw by tag " + byTag + ", by digest " + byDigest);
        assertEquals(1, byTag.getOrDefault("GET", 0) + byDigest.getOrDefault("GET", 0),
                () -> "upstream saw by tag " + byTag + ", by digest " + byDigest);
    }

    @Test
    void concurrentColdPullsOfOneDigestMakeOneGet() throws Exception {
        String repository = "manifests/by-digest";
        String digest = pushImageUpstream(repository, "v1", 42);
        relay.throttle(SLOW);

        List<Pull> pulls = pullConcurrently("v2/" + repository + "/manifests/" + digest);

        assertAllGot(pulls, digest);
        assertOverlapped(pulls);
        upstream.awaitQuiet(Distribution.QUIET, Duration.ofSeconds(30));
        Map<String, Integer> seen = upstream.manifestRequests(repository, digest);
        assertEquals(1, seen.getOrDefault("GET", 0), () -> "upstream saw " + seen);
    }

    /** What one client saw, and when (nanoTime) it sent its request and got the answer. */
    private record Pull(long sent, long answered, int status, String digest) {}

    private List<Pull> pullConcurrently(String path) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Pull>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    long sent = System.nanoTime();
                    HttpResponse<byte[]> response = wharf.get(path, "Accept", Content.OCI_MANIFEST);
                    return new Pull(sent, System.nanoTime(), response.statusCode(),
                            RegistryClient.header(response, "Docker-Content-Digest"));
                }));
            }
            start.countDown();
            List<Pull> pulls = new ArrayList<>();
            for (Future<Pull> future : futures) {
                pulls.add(future.get(2, TimeUnit.MINUTES));
            }
            return pulls;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertAllGot(List<Pull> pulls, String digest) {
        for (Pull pull : pulls) {
            assertEquals(200, pull.status(), () -> "a client got " + pulls);
            assertEquals(digest, pull.digest(), () -> "a client got another manifest: " + pulls);
        }
    }

    /** Every request was sent before the first answer came: they were all in flight together. */
    private static void assertOverlapped(List<Pull> pulls) {
        long lastSent = pulls.stream().mapToLong(Pull::sent).max().orElseThrow();
        long firstAnswer = pulls.stream().mapToLong(Pull::answered).min().orElseThrow();
        assertTrue(lastSent < firstAnswer, () -> "the pulls did not overlap (last sent "
                + Duration.ofNanos(firstAnswer - lastSent).negated() + " after the first answer); nothing was shared");
    }

    /** Pushes a one-layer image straight to the upstream; returns its manifest digest. */
    private String pushImageUpstream(String repository, String tag, long seed) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":" + seed + "}").getBytes();
        byte[] layer = Content.random(1024, seed);
        String configDigest = direct.uploadBlob(repository, config);
        String layerDigest = direct.uploadBlob(repository, layer);
        byte[] manifest = Content.imageManifest(Content.OCI_MANIFEST, configDigest, config.length,
                List.<String[]>of(new String[] {layerDigest, Integer.toString(layer.length)}));
        HttpResponse<byte[]> pushed = direct.pushManifest(repository, tag, Content.OCI_MANIFEST, manifest);
        assertEquals(201, pushed.statusCode(), () -> RegistryClient.text(pushed));
        return Content.sha256(manifest);
    }
}
