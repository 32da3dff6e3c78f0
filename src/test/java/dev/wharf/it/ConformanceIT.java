package dev.wharf.it;

import static dev.wharf.it.support.RegistryClient.assertError;
import static dev.wharf.it.support.RegistryClient.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.RegistryClient;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OCI Distribution Spec's four workflows — pull, push, content discovery, content management —
 * walked black-box in the spec's order, one step per test, after the idea of the OCI conformance
 * suite (and zot's {@code pkg/compliance}). Steps build on each other: each one's state is kept in
 * static fields, and a failed step makes the later ones fail too. The other API tests cover each
 * endpoint in depth; this class is the readable summary.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConformanceIT {
    private static final String CONTEXT = "conformance";
    private static final String OCTET = "application/octet-stream";
    private static final String REPO = "conformance/image";
    private static final String OTHER_REPO = "conformance/other";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war(CONTEXT, Deployments.filesystem(CONTEXT, true));
    }

    @ArquillianResource
    URL base;

    RegistryClient registry;

    // What the steps share.
    private static final byte[] CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\"}}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] LAYER = Content.random(64 * 1024 + 5, 100);
    private static final byte[] CHUNKED_LAYER = Content.random(3 * 64 * 1024 + 11, 101);
    private static final byte[] POST_PUT_LAYER = Content.random(20_000, 102);
    private static byte[] manifest;
    private static String manifestDigest;
    private static byte[] chunkedManifest;
    private static String chunkedManifestDigest;
    private static String pushedByDigest;
    private static int pushedByDigestSize;
    private static final List<String> DISCOVERY_TAGS = List.of("tag-a", "tag-b", "tag-c", "tag-d", "tag-e");

    @BeforeEach
    void connect() {
        registry = new RegistryClient(base);
    }

    // ===== Pull ================================================================================

    @Test
    @Order(1)
    void apiVersionCheck() {
        HttpResponse<byte[]> response = registry.get("v2/");
        assertEquals(200, response.statusCode());
        assertEquals("registry/2.0", header(response, "Docker-Distribution-API-Version"));
    }

    @Test
    @Order(2)
    void pullSetupPushesAnImage() {
        registry.pushBlob(REPO, CONFIG);
        registry.pushBlob(REPO, LAYER);
        manifest = Content.imageManifest(Content.OCI_MANIFEST, Content.sha256(CONFIG), CONFIG.length,
                List.<String[]>of(new String[] {Content.sha256(LAYER), Integer.toString(LAYER.length)}));
        manifestDigest = Content.sha256(manifest);
        registry.pushManifest(REPO, "tagtest0", Content.OCI_MANIFEST, manifest);
    }

    @Test
    @Order(3)
    void pullManifestByTag() {
        HttpResponse<byte[]> response = registry.get("v2/" + REPO + "/manifests/tagtest0", "Accept", Content.OCI_MANIFEST);
        assertEquals(200, response.statusCode());
        assertArrayEquals(manifest, response.body());
        assertEquals(manifestDigest, header(response, "Docker-Content-Digest"));
        assertEquals(Content.OCI_MANIFEST, header(response, "Content-Type"));
    }

    @Test
    @Order(4)
    void pullManifestByDigest() {
        HttpResponse<byte[]> response = registry.get("v2/" + REPO + "/manifests/" + manifestDigest, "Accept",
                Content.OCI_MANIFEST);
        assertEquals(200, response.statusCode());
        assertArrayEquals(manifest, response.body());
        assertEquals(manifestDigest, Content.sha256(response.body()), "the content has the digest it was fetched by");
    }

    @Test
    @Order(5)
    void checkManifestExistsWithHead() {
        for (String reference : List.of("tagtest0", manifestDigest)) {
            HttpResponse<byte[]> response = registry.head("v2/" + REPO + "/manifests/" + reference, "Accept",
                    Content.OCI_MANIFEST);
            assertEquals(200, response.statusCode(), reference);
            assertEquals(0, response.body().length);
            assertEquals(Integer.toString(manifest.length), header(response, "Content-Length"));
            assertEquals(manifestDigest, header(response, "Docker-Content-Digest"));
        }
    }

    @Test
    @Order(6)
    void pullNonexistentManifestIs404() {
        assertError(registry.get("v2/" + REPO + "/manifests/nonexistent"), 404, "MANIFEST_UNKNOWN");
        assertError(registry.get("v2/" + REPO + "/manifests/" + Content.sha256(new byte[] {42})), 404, "MANIFEST_UNKNOWN");
        assertEquals(404, registry.head("v2/" + REPO + "/manifests/nonexistent").statusCode());
    }

    @Test
    @Order(7)
    void pullBlob() {
        HttpResponse<byte[]> response = registry.get("v2/" + REPO + "/blobs/" + Content.sha256(LAYER));
        assertEquals(200, response.statusCode());
        assertArrayEquals(LAYER, response.body());
        HttpResponse<byte[]> head = registry.head("v2/" + REPO + "/blobs/" + Content.sha256(LAYER));
        assertEquals(200, head.statusCode());
        assertEquals(Integer.toString(LAYER.length), header(head, "Content-Length"));
    }

    @Test
    @Order(8)
    void pullBlobRange() {
        HttpResponse<byte[]> response = registry.get("v2/" + REPO + "/blobs/" + Content.sha256(LAYER), "Range",
                "bytes=1000-1999");
        assertEquals(206, response.statusCode());
        assertArrayEquals(Arrays.copyOfRange(LAYER, 1000, 2000), response.body());
    }

    @Test
    @Order(9)
    void pullNonexistentBlobIs404() {
        assertError(registry.get("v2/" + REPO + "/blobs/" + Content.sha256(new byte[] {7})), 404, "BLOB_UNKNOWN");
        assertEquals(404, registry.head("v2/" + REPO + "/blobs/" + Content.sha256(new byte[] {7})).statusCode());
    }

    @Test
    @Order(10)
    void pullFromNonexistentRepositoryIs404() {
        assertEquals(404, registry.get("v2/conformance/nonexistent/manifests/tagtest0").statusCode());
        assertEquals(404, registry.get("v2/conformance/nonexistent/blobs/" + Content.sha256(LAYER)).statusCode());
    }

    // ===== Push ================================================================================

    @Test
    @Order(20)
    void pushBlobWithPostThenPut() {
        HttpResponse<byte[]> started = registry.send("POST", "v2/" + REPO + "/blobs/uploads/", null);
        assertEquals(202, started.statusCode());
        String location = header(started, "Location");
        assertNotNull(location);

        String digest = Content.sha256(POST_PUT_LAYER);
        HttpResponse<byte[]> finished = registry.send("PUT", location + (location.contains("?") ? "&" : "?") + "digest="
                + digest, POST_PUT_LAYER, "Content-Type", OCTET);
        assertEquals(201, finished.statusCode(), () -> RegistryClient.text(finished));
        assertNotNull(header(finished, "Location"));
        assertEquals(200, registry.head(header(finished, "Location")).statusCode(), "Location is a pullable blob URL");
    }

    @Test
    @Order(21)
    void pushBlobMonolithically() {
        byte[] blob = Content.random(5_000, 103);
        HttpResponse<byte[]> response = registry.send("POST", "v2/" + REPO + "/blobs/uploads/?digest=" + Content.sha256(blob),
                blob, "Content-Type", OCTET);
        assertEquals(201, response.statusCode());
        assertEquals(200, registry.head(header(response, "Location")).statusCode());
    }

    @Test
    @Order(22)
    void pushBlobInChunks() {
        String location = header(registry.send("POST", "v2/" + REPO + "/blobs/uploads/", null), "Location");
        int chunk = 64 * 1024;
        int offset = 0;
        while (CHUNKED_LAYER.length - offset > chunk) {
            HttpResponse<byte[]> patched = registry.send("PATCH", location,
                    Arrays.copyOfRange(CHUNKED_LAYER, offset, offset + chunk), "Content-Type", OCTET,
                    "Content-Range", offset + "-" + (offset + chunk - 1));
            assertEquals(202, patched.statusCode(), () -> RegistryClient.text(patched));
            assertEquals("0-" + (offset + chunk - 1), header(patched, "Range"));
            location = header(patched, "Location");
            offset += chunk;
        }
        HttpResponse<byte[]> status = registry.get(location);
        assertEquals(204, status.statusCode());
        assertEquals("0-" + (offset - 1), header(status, "Range"));

        String digest = Content.sha256(CHUNKED_LAYER);
        HttpResponse<byte[]> finished = registry.send("PUT", location + (location.contains("?") ? "&" : "?") + "digest="
                + digest, Arrays.copyOfRange(CHUNKED_LAYER, offset, CHUNKED_LAYER.length), "Content-Type", OCTET,
                "Content-Range", offset + "-" + (CHUNKED_LAYER.length - 1));
        assertEquals(201, finished.statusCode(), () -> RegistryClient.text(finished));
        assertArrayEquals(CHUNKED_LAYER, registry.get("v2/" + REPO + "/blobs/" + digest).body());
    }

    @Test
    @Order(23)
    void chunkOutOfOrderIsRefusedWith416() {
        String location = header(registry.send("POST", "v2/" + REPO + "/blobs/uploads/", null), "Location");
        HttpResponse<byte[]> first = registry.send("PATCH", location, new byte[10], "Content-Type", OCTET,
                "Content-Range", "0-9");
        HttpResponse<byte[]> skipped = registry.send("PATCH", header(first, "Location"), new byte[10], "Content-Type",
                OCTET, "Content-Range", "20-29");
        assertEquals(416, skipped.statusCode());
        assertEquals(204, registry.get(location).statusCode(), "the session survives; GET tells where to resume");
        assertEquals("0-9", header(registry.get(location), "Range"));
        assertEquals(204, registry.delete(location).statusCode());
    }

    @Test
    @Order(24)
    void mountBlobFromAnotherRepository() {
        HttpResponse<byte[]> mounted = registry.send("POST", "v2/" + OTHER_REPO + "/blobs/uploads/?mount="
                + Content.sha256(LAYER) + "&from=" + REPO, null);
        assertEquals(201, mounted.statusCode(), () -> RegistryClient.text(mounted));
        assertEquals(base + "v2/" + OTHER_REPO + "/blobs/" + Content.sha256(LAYER), header(mounted, "Location"));
        assertArrayEquals(LAYER, registry.get(header(mounted, "Location")).body());
    }

    @Test
    @Order(25)
    void mountThatCannotBeDoneStartsAnUpload() {
        HttpResponse<byte[]> response = registry.send("POST", "v2/" + OTHER_REPO + "/blobs/uploads/?mount="
                + Content.sha256(new byte[] {9, 9}) + "&from=" + REPO, null);
        assertEquals(202, response.statusCode());
        assertNotNull(header(response, "Location"));
        assertEquals(204, registry.delete(header(response, "Location")).statusCode());
    }

    @Test
    @Order(26)
    void pushManifestByTag() {
        chunkedManifest = Content.imageManifest(Content.OCI_MANIFEST, Content.sha256(CONFIG), CONFIG.length, List.of(
                new String[] {Content.sha256(CHUNKED_LAYER), Integer.toString(CHUNKED_LAYER.length)},
                new String[] {Content.sha256(POST_PUT_LAYER), Integer.toString(POST_PUT_LAYER.length)}));
        chunkedManifestDigest = Content.sha256(chunkedManifest);
        HttpResponse<byte[]> response = registry.send("PUT", "v2/" + REPO + "/manifests/chunked", chunkedManifest,
                "Content-Type", Content.OCI_MANIFEST);
        assertEquals(201, response.statusCode(), () -> RegistryClient.text(response));
        String location = header(response, "Location");
        assertNotNull(location);
        assertArrayEquals(chunkedManifest, registry.get(location, "Accept", Content.OCI_MANIFEST).body(),
                "Location is a pullable manifest URL");
    }

    @Test
    @Order(27)
    void pushManifestByDigest() {
        byte[] config = "{\"architecture\":\"arm64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        registry.pushBlob(REPO, config);
        byte[] byDigest = Content.imageManifest(Content.OCI_MANIFEST, Content.sha256(config), config.length,
                List.<String[]>of(new String[] {Content.sha256(LAYER), Integer.toString(LAYER.length)}));
        pushedByDigest = Content.sha256(byDigest);
        pushedByDigestSize = byDigest.length;
        HttpResponse<byte[]> response = registry.send("PUT", "v2/" + REPO + "/manifests/" + pushedByDigest, byDigest,
                "Content-Type", Content.OCI_MANIFEST);
        assertEquals(201, response.statusCode(), () -> RegistryClient.text(response));
        assertEquals(pushedByDigest, header(response, "Docker-Content-Digest"));
    }

    @Test
    @Order(28)
    void pushManifestWithoutLayers() {
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        registry.pushBlob(REPO, empty);
        byte[] artifact = ("{\"schemaVersion\":2,\"mediaType\":\"" + Content.OCI_MANIFEST + "\",\"artifactType\":"
                + "\"application/vnd.example.nothing\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
                + "\"digest\":\"" + Content.sha256(empty) + "\",\"size\":2},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = registry.send("PUT", "v2/" + REPO + "/manifests/no-layers", artifact,
                "Content-Type", Content.OCI_MANIFEST);
        assertEquals(201, response.statusCode(), () -> RegistryClient.text(response));
    }

    @Test
    @Order(29)
    void pushManifestWithMissingBlobIsRefused() {
        byte[] missing = Content.random(10, 104);
        byte[] invalid = Content.imageManifest(Content.OCI_MANIFEST, Content.sha256(CONFIG), CONFIG.length,
                List.<String[]>of(new String[] {Content.sha256(missing), "10"}));
        assertError(registry.send("PUT", "v2/" + REPO + "/manifests/missing", invalid, "Content-Type",
                Content.OCI_MANIFEST), 400, "MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    @Order(30)
    void pushIndexOfPushedManifests() {
        byte[] index = Content.index(Content.OCI_INDEX, List.of(
                new String[] {Content.OCI_MANIFEST, manifestDigest, Integer.toString(manifest.length), "linux", "amd64"},
                new String[] {Content.OCI_MANIFEST, pushedByDigest, Integer.toString(pushedByDigestSize), "linux", "arm64"}));
        HttpResponse<byte[]> response = registry.send("PUT", "v2/" + REPO + "/manifests/multi", index,
                "Content-Type", Content.OCI_INDEX);
        assertEquals(201, response.statusCode(), () -> RegistryClient.text(response));
        assertArrayEquals(index, registry.get("v2/" + REPO + "/manifests/multi", "Accept", Content.OCI_INDEX).body());
    }

    // ===== Content discovery ===================================================================

    @Test
    @Order(40)
    void discoverySetupTagsTheImage() {
        for (String tag : DISCOVERY_TAGS) {
            registry.pushManifest(REPO, tag, Content.OCI_MANIFEST, manifest);
        }
    }

    @Test
    @Order(41)
    void listTags() {
        HttpResponse<byte[]> response = registry.get("v2/" + REPO + "/tags/list");
        assertEquals(200, response.statusCode());
        JsonNode body = RegistryClient.json(response);
        assertEquals(REPO, body.path("name").asText());
        assertEquals(allTags(), strings(body.path("tags")));
    }

    @Test
    @Order(42)
    void listTagsWithN() {
        HttpResponse<byte[]> response = registry.get("v2/" + REPO + "/tags/list?n=3");
        assertEquals(allTags().subList(0, 3), strings(RegistryClient.json(response).path("tags")));
        String link = header(response, "Link");
        assertNotNull(link, "more tags remain");
        assertTrue(link.contains("rel=\"next\""), link);
    }

    @Test
    @Order(43)
    void listTagsWithNAndLast() {
        List<String> all = allTags();
        HttpResponse<byte[]> response = registry.get("v2/" + REPO + "/tags/list?n=2&last=" + all.get(2));
        assertEquals(all.subList(3, 5), strings(RegistryClient.json(response).path("tags")));
        HttpResponse<byte[]> zero = registry.get("v2/" + REPO + "/tags/list?n=0");
        assertEquals(List.of(), strings(RegistryClient.json(zero).path("tags")));
        assertNull(header(zero, "Link"));
    }

    @Test
    @Order(44)
    void listTagsOfNonexistentRepositoryIs404() {
        assertError(registry.get("v2/conformance/nonexistent/tags/list"), 404, "NAME_UNKNOWN");
    }

    @Test
    @Order(45)
    void catalogListsTheRepositories() {
        HttpResponse<byte[]> response = registry.get("v2/_catalog");
        assertEquals(200, response.statusCode());
        assertTrue(strings(RegistryClient.json(response).path("repositories")).contains(REPO));
    }

    // ===== Content management ==================================================================

    @Test
    @Order(50)
    void deleteTag() {
        HttpResponse<byte[]> response = registry.delete("v2/" + REPO + "/manifests/tag-a");
        assertEquals(202, response.statusCode());
        assertEquals(404, registry.get("v2/" + REPO + "/manifests/tag-a").statusCode());
        assertEquals(200, registry.get("v2/" + REPO + "/manifests/" + manifestDigest).statusCode(),
                "the manifest outlives its tag");
    }

    @Test
    @Order(51)
    void deleteManifestByDigest() {
        HttpResponse<byte[]> response = registry.delete("v2/" + REPO + "/manifests/" + chunkedManifestDigest);
        assertEquals(202, response.statusCode());
        assertEquals(404, registry.get("v2/" + REPO + "/manifests/" + chunkedManifestDigest).statusCode());
        assertEquals(404, registry.get("v2/" + REPO + "/manifests/chunked").statusCode());
    }

    @Test
    @Order(52)
    void deleteBlob() {
        String digest = Content.sha256(CHUNKED_LAYER);
        HttpResponse<byte[]> response = registry.delete("v2/" + REPO + "/blobs/" + digest);
        assertEquals(202, response.statusCode());
        assertEquals(404, registry.get("v2/" + REPO + "/blobs/" + digest).statusCode());
        assertEquals(404, registry.head("v2/" + REPO + "/blobs/" + digest).statusCode());
    }

    @Test
    @Order(53)
    void deleteWhatDoesNotExistIs404() {
        assertEquals(404, registry.delete("v2/" + REPO + "/manifests/" + chunkedManifestDigest).statusCode());
        assertEquals(404, registry.delete("v2/" + REPO + "/blobs/" + Content.sha256(CHUNKED_LAYER)).statusCode());
        assertEquals(404, registry.delete("v2/" + REPO + "/manifests/tag-a").statusCode());
    }

    @Test
    @Order(54)
    void tagsListReflectsTheDeletions() {
        List<String> expected = new ArrayList<>(allTags());
        expected.remove("tag-a");
        expected.remove("chunked");
        HttpResponse<byte[]> response = registry.get("v2/" + REPO + "/tags/list");
        assertEquals(expected, strings(RegistryClient.json(response).path("tags")));
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Every tag pushed before the content management steps, sorted. */
    private static List<String> allTags() {
        List<String> tags = new ArrayList<>(DISCOVERY_TAGS);
        tags.addAll(List.of("tagtest0", "chunked", "no-layers", "multi"));
        java.util.Collections.sort(tags);
        return tags;
    }

    private static List<String> strings(JsonNode array) {
        assertTrue(array.isArray(), () -> "expected an array: " + array);
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
