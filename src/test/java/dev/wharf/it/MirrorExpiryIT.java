package dev.wharf.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.Distribution;
import dev.wharf.it.support.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mirror's cache over time: content expires {@code proxy.ttl} after its last access and is
 * fetched again on the next pull; with {@code proxy.maxsize} the cache stays under its budget
 * (plus the image in flight) while distinct images stream through.
 */
@ExtendWith(ArquillianExtension.class)
class MirrorExpiryIT {
    private static final int LAYER = 300_000;
    private static final long BUDGET = 2_000_000;
    private static Distribution upstream;
    private static Path expiringRoot;
    private static Path budgetRoot;

    @Deployment(name = "expiring", testable = false, order = 1)
    static WebArchive expiring() {
        ensureUpstream();
        Map<String, String> jndi = Deployments.filesystem("mirror-expiring", false);
        expiringRoot = Path.of(jndi.get("storage/filesystem/rootdirectory"));
        jndi.put("proxy/remoteurl", upstream.url());
        jndi.put("proxy/ttl", "3s");
        return Deployments.war("mirror-expiring", jndi);
    }

    @Deployment(name = "budget", testable = false, order = 2)
    static WebArchive budget() {
        ensureUpstream();
        Map<String, String> jndi = Deployments.filesystem("mirror-budget", false);
        budgetRoot = Path.of(jndi.get("storage/filesystem/rootdirectory"));
        jndi.put("proxy/remoteurl", upstream.url());
        jndi.put("proxy/ttl", "0");
        jndi.put("proxy/maxsize", Long.toString(BUDGET));
        return Deployments.war("mirror-budget", jndi);
    }

    /** Both deployments name the upstream, and Arquillian may build them in either order. */
    private static synchronized void ensureUpstream() {
        if (upstream == null) {
            Path work = Deployments.freshDirectory("mirror-expiry-upstream");
            upstream = Distribution.start(work.resolve("root"), work.resolve("distribution"));
        }
    }

    @AfterAll
    static void stopUpstream() {
        if (upstream != null) {
            upstream.close();
        }
    }

    /** Pushes an image with one random layer upstream; returns {manifest digest, layer digest}. */
    private static String[] pushImage(String repository, String tag, long seed) {
        RegistryClient direct = new RegistryClient(upstream.baseUrl());
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":" + seed + "}").getBytes(StandardCharsets.UTF_8);
        byte[] layer = Content.random(LAYER, seed);
        String configDigest = direct.uploadBlob(repository, config);
        String layerDigest = direct.uploadBlob(repository, layer);
        byte[] manifest = Content.imageManifest(Content.OCI_MANIFEST, configDigest, config.length,
                List.<String[]>of(new String[] {layerDigest, Integer.toString(LAYER)}));
        direct.pushManifest(repository, tag, Content.OCI_MANIFEST, manifest);
        return new String[] {Content.sha256(manifest), layerDigest, configDigest};
    }

    /** Pulls an image through the mirror the way a client does: manifest by tag, then its blobs. */
    private static void pull(RegistryClient mirror, String repository, String tag, String[] image) {
        HttpResponse<byte[]> manifest = mirror.get("v2/" + repository + "/manifests/" + tag, "Accept", Content.OCI_MANIFEST);
        assertEquals(200, manifest.statusCode(), RegistryClient.brief(manifest));
        assertEquals(image[0], Content.sha256(manifest.body()));
        for (String blob : List.of(image[1], image[2])) {
            HttpResponse<byte[]> response = mirror.get("v2/" + repository + "/blobs/" + blob);
            assertEquals(200, response.statusCode(), RegistryClient.brief(response));
            assertEquals(blob, Content.sha256(response.body()));
        }
    }

    private static boolean blobOnDisk(Path root, String digest) {
        String hex = digest.substring("sha256:".length());
        return Files.exists(root.resolve("docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data"));
    }

    private static long blobBytes(Path root) {
        Path blobs = root.resolve("docker/registry/v2/blobs");
        if (!Files.exists(blobs)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void expiredContentLeavesTheDiskAndIsFetchedAgain(@ArquillianResource @OperateOnDeployment("expiring") URL url)
            throws Exception {
        RegistryClient mirror = new RegistryClient(url);
        String[] image = pushImage("expiry/app", "v1", 1);
        pull(mirror, "expiry/app", "v1", image);
        assertTrue(blobOnDisk(expiringRoot, image[1]));
        assertEquals(1, upstream.blobGets(image[1]));

        long deadline = System.currentTimeMillis() + 45_000;
        while (blobOnDisk(expiringRoot, image[1]) && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        assertTrue(!blobOnDisk(expiringRoot, image[1]), "the layer should have expired from disk 3 s after its last access");
        assertTrue(!blobOnDisk(expiringRoot, image[0]), "the manifest's data should have expired too");

        pull(mirror, "expiry/app", "v1", image);
        assertEquals(2, upstream.blobGets(image[1]), "an expired layer is fetched from the upstream again");
        assertArrayEquals(Content.random(LAYER, 1), mirror.get("v2/expiry/app/blobs/" + image[1]).body());
    }

    @Test
    void cacheStaysWithinItsBudgetWhileTwentyImagesStreamThrough(
            @ArquillianResource @OperateOnDeployment("budget") URL url) throws Exception {
        RegistryClient mirror = new RegistryClient(url);
        long oneImage = LAYER + 2_000;
        long worst = 0;
        for (int i = 0; i < 20; i++) {
            String[] image = pushImage("budget/app" + i, "v1", 100 + i);
            pull(mirror, "budget/app" + i, "v1", image);
            // Eviction runs right after each commit; give the pass a moment to finish.
            long deadline = System.currentTimeMillis() + 5_000;
            long size = blobBytes(budgetRoot);
            while (size > BUDGET + oneImage && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                size = blobBytes(budgetRoot);
            }
            worst = Math.max(worst, size);
            assertTrue(size <= BUDGET + oneImage, "after image " + i + " the cache holds " + size + " bytes, budget " + BUDGET);
        }
        assertTrue(worst > BUDGET / 2, "the test must actually fill the cache: worst " + worst);
        // The most recent image is still cached: pulling it again costs the upstream nothing.
        int before = upstream.countRequests("GET", "/v2/budget/app19/blobs/.*");
        HttpResponse<byte[]> again = mirror.get("v2/budget/app19/manifests/v1", "Accept", Content.OCI_MANIFEST);
        assertEquals(200, again.statusCode());
        for (com.fasterxml.jackson.databind.JsonNode layer : RegistryClient.json(again).path("layers")) {
            assertEquals(200, mirror.get("v2/budget/app19/blobs/" + layer.path("digest").asText()).statusCode());
        }
        assertEquals(before, upstream.countRequests("GET", "/v2/budget/app19/blobs/.*"));
    }
}
