package dev.wharf.it;

import static dev.wharf.it.support.RegistryClient.assertError;
import static dev.wharf.it.support.RegistryClient.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.ErrorBodies;
import dev.wharf.it.support.RawHttp;
import dev.wharf.it.support.RegistryClient;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /v2/<name>/blobs/uploads/}: sessions, chunks in and out of order, streamed chunks,
 * finishing with the digest (right, wrong, missing, other algorithms, empty blobs), cancelling,
 * ids that were never issued, and cross-repository mounts. Each step follows the {@code Location}
 * the previous one returned, as clients must.
 */
@ExtendWith(ArquillianExtension.class)
class UploadApiIT {
    private static final String CONTEXT = "uploadapi";
    private static final String EMPTY_SHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String OCTET = "application/octet-stream";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war(CONTEXT, Deployments.filesystem(CONTEXT, true));
    }

    @ArquillianResource
    URL base;

    RegistryClient registry;

    @BeforeEach
    void connect() {
        registry = new RegistryClient(base);
    }

    // ---- sessions -----------------------------------------------------------------------------

    @Test
    void postStartsASession() {
        HttpResponse<byte[]> started = registry.send("POST", "v2/up/start/blobs/uploads/", null);

        assertEquals(202, started.statusCode(), () -> RegistryClient.text(started));
        String location = header(started, "Location");
        assertNotNull(location);
        assertTrue(location.startsWith(base + "v2/up/start/blobs/uploads/"),
                () -> "Location must be absolute and under the context path /" + CONTEXT + ": " + location);
        assertEquals("0-0", header(started, "Range"));
        assertEquals("0", header(started, "Content-Length"));
        String uuid = header(started, "Docker-Upload-UUID");
        assertNotNull(uuid);
        assertTrue(location.contains(uuid), () -> location + " should name the session " + uuid);
    }

    @Test
    void statusAnswers204WithRangeAndLocation() {
        String location = start("up/status");

        HttpResponse<byte[]> fresh = registry.get(location);
        assertEquals(204, fresh.statusCode(), () -> RegistryClient.text(fresh));
        assertEquals("0-0", header(fresh, "Range"));
        assertEquals(location, header(fresh, "Location"));

        HttpResponse<byte[]> patched = patch(location, Content.random(10, 1), "0-9");
        HttpResponse<byte[]> status = registry.get(header(patched, "Location"));
        assertEquals(204, status.statusCode());
        assertEquals("0-9", header(status, "Range"));
        assertNotNull(header(status, "Location"));
        assertNotNull(header(status, "Docker-Upload-UUID"));
    }

    @Test
    void chunkedUploadWithContentRange() {
        byte[] blob = Content.random(40, 2);
        String digest = Content.sha256(blob);
        String location = start("up/chunked");

        HttpResponse<byte[]> first = patch(location, slice(blob, 0, 10), "0-9");
        assertEquals(202, first.statusCode(), () -> RegistryClient.text(first));
        assertEquals("0-9", header(first, "Range"));
        assertNotNull(header(first, "Docker-Upload-UUID"));
        HttpResponse<byte[]> second = patch(header(first, "Location"), slice(blob, 10, 25), "10-24");
        assertEquals(202, second.statusCode(), () -> RegistryClient.text(second));
        assertEquals("0-24", header(second, "Range"));

        HttpResponse<byte[]> finished = registry.send("PUT", withDigest(header(second, "Location"), digest),
                slice(blob, 25, 40), "Content-Type", OCTET, "Content-Range", "25-39");

        assertEquals(201, finished.statusCode(), () -> RegistryClient.text(finished));
        assertEquals(base + "v2/up/chunked/blobs/" + digest, header(finished, "Location"));
        assertEquals(digest, header(finished, "Docker-Content-Digest"));
        assertArrayEquals(blob, registry.get("v2/up/chunked/blobs/" + digest).body());
        assertError(registry.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void streamedChunksWithoutContentRange() {
        byte[] blob = Content.random(3 * 1024 * 1024 + 17, 3);
        String digest = Content.sha256(blob);
        String location = start("up/streamed");

        HttpResponse<byte[]> first = RawHttp.streamed(registry, "PATCH", location, slice(blob, 0, 2 * 1024 * 1024),
                "Content-Type", OCTET);
        assertEquals(202, first.statusCode(), () -> RegistryClient.text(first));
        assertEquals("0-" + (2 * 1024 * 1024 - 1), header(first, "Range"));
        HttpResponse<byte[]> second = RawHttp.streamed(registry, "PATCH", header(first, "Location"),
                slice(blob, 2 * 1024 * 1024, blob.length), "Content-Type", OCTET);
        assertEquals(202, second.statusCode(), () -> RegistryClient.text(second));
        assertEquals("0-" + (blob.length - 1), header(second, "Range"));

        HttpResponse<byte[]> finished = registry.send("PUT", withDigest(header(second, "Location"), digest), null);

        assertEquals(201, finished.statusCode(), () -> RegistryClient.text(finished));
        assertArrayEquals(blob, registry.get("v2/up/streamed/blobs/" + digest).body());
    }

    @Test
    void streamedMonolithicUpload() {
        byte[] blob = Content.random(1024 * 1024 + 3, 4);
        String digest = Content.sha256(blob);

        HttpResponse<byte[]> created = RawHttp.streamed(registry, "POST", "v2/up/streamed-monolithic/blobs/uploads/?digest="
                + digest, blob, "Content-Type", OCTET);

        assertEquals(201, created.statusCode(), () -> RegistryClient.text(created));
        assertArrayEquals(blob, registry.get("v2/up/streamed-monolithic/blobs/" + digest).body());
    }

    @Test
    void chunkOutOfOrderIs416WithTheRangeToResumeFrom() {
        byte[] blob = Content.random(30, 5);
        String location = start("up/out-of-order");
        String next = header(patch(location, slice(blob, 0, 10), "0-9"), "Location");

        HttpResponse<byte[]> skipped = patch(next, slice(blob, 20, 30), "20-29");

        assertEquals(416, skipped.statusCode(), () -> RegistryClient.text(skipped));
        ErrorBodies.assertWellFormed(skipped);
        assertEquals("0-9", header(skipped, "Range"));
        String resume = header(skipped, "Location");
        assertNotNull(resume, "a 416 tells the client where to resume");
        assertTrue(resume.startsWith(base + "v2/up/out-of-order/blobs/uploads/"), resume);

        HttpResponse<byte[]> status = registry.get(resume);
        assertEquals("0-9", header(status, "Range"), "the refused chunk left nothing behind");
        HttpResponse<byte[]> resumed = patch(resume, slice(blob, 10, 30), "10-29");
        assertEquals(202, resumed.statusCode());
        HttpResponse<byte[]> finished = registry.send("PUT", withDigest(header(resumed, "Location"), Content.sha256(blob)), null);
        assertEquals(201, finished.statusCode(), () -> RegistryClient.text(finished));
        assertArrayEquals(blob, registry.get("v2/up/out-of-order/blobs/" + Content.sha256(blob)).body());
    }

    @Test
    void repeatedChunkIs416() {
        byte[] blob = Content.random(20, 6);
        String location = start("up/repeated");
        HttpResponse<byte[]> first = patch(location, slice(blob, 0, 10), "0-9");

        HttpResponse<byte[]> again = patch(header(first, "Location"), slice(blob, 0, 10), "0-9");

        assertEquals(416, again.statusCode(), () -> RegistryClient.text(again));
        ErrorBodies.assertWellFormed(again);
        assertEquals("0-9", header(again, "Range"));
        assertNotNull(header(again, "Location"));
        assertEquals("0-9", header(registry.get(location), "Range"));
    }

    @Test
    void putWithEmptyBodyAfterChunksFinishes() {
        byte[] blob = Content.random(25, 7);
        String digest = Content.sha256(blob);
        String location = start("up/empty-put");
        String next = header(patch(location, slice(blob, 0, 12), "0-11"), "Location");
        next = header(patch(next, slice(blob, 12, 25), "12-24"), "Location");

        HttpResponse<byte[]> finished = registry.send("PUT", withDigest(next, digest), new byte[0],
                "Content-Type", OCTET);

        assertEquals(201, finished.statusCode(), () -> RegistryClient.text(finished));
        assertEquals(digest, header(finished, "Docker-Content-Digest"));
        assertArrayEquals(blob, registry.get("v2/up/empty-put/blobs/" + digest).body());
    }

    @Test
    void putWithTheWholeBlobFinishesInOneRequest() {
        byte[] blob = Content.random(500, 8);
        String digest = Content.sha256(blob);
        String location = start("up/post-put");

        HttpResponse<byte[]> finished = registry.send("PUT", withDigest(location, digest), blob, "Content-Type", OCTET);

        assertEquals(201, finished.statusCode(), () -> RegistryClient.text(finished));
        assertArrayEquals(blob, registry.get("v2/up/post-put/blobs/" + digest).body());
    }

    // ---- monolithic ---------------------------------------------------------------------------

    @Test
    void monolithicPostWithDigest() {
        byte[] blob = Content.random(777, 9);
        String digest = Content.sha256(blob);

        HttpResponse<byte[]> created = registry.send("POST", "v2/up/monolithic/blobs/uploads/?digest=" + digest, blob,
                "Content-Type", OCTET);

        assertEquals(201, created.statusCode(), () -> RegistryClient.text(created));
        assertEquals(base + "v2/up/monolithic/blobs/" + digest, header(created, "Location"));
        assertEquals(digest, header(created, "Docker-Content-Digest"));
        assertArrayEquals(blob, registry.get("v2/up/monolithic/blobs/" + digest).body());
        assertNoUploadsLeft("up/monolithic");
    }

    @Test
    void monolithicUploadWithSha512() {
        byte[] blob = Content.random(2_048, 10);
        String digest = Content.sha512(blob);

        HttpResponse<byte[]> created = registry.send("POST", "v2/up/sha512/blobs/uploads/?digest=" + digest, blob,
                "Content-Type", OCTET);

        assertEquals(201, created.statusCode(), () -> RegistryClient.text(created));
        assertEquals(digest, header(created, "Docker-Content-Digest"));
        HttpResponse<byte[]> pulled = registry.get("v2/up/sha512/blobs/" + digest);
        assertEquals(200, pulled.statusCode());
        assertArrayEquals(blob, pulled.body());
        assertEquals(digest, header(pulled, "Docker-Content-Digest"));
    }

    @Test
    void chunkedUploadFinishedWithSha512() {
        byte[] blob = Content.random(3_000, 11);
        String digest = Content.sha512(blob);
        String location = start("up/sha512-chunked");
        String next = header(patch(location, slice(blob, 0, 1_000), "0-999"), "Location");

        HttpResponse<byte[]> finished = registry.send("PUT", withDigest(next, digest), slice(blob, 1_000, 3_000),
                "Content-Type", OCTET, "Content-Range", "1000-2999");

        assertEquals(201, finished.statusCode(), () -> RegistryClient.text(finished));
        assertEquals(digest, header(finished, "Docker-Content-Digest"));
        assertArrayEquals(blob, registry.get("v2/up/sha512-chunked/blobs/" + digest).body());
    }

    // ---- refused completions ------------------------------------------------------------------

    @Test
    void wrongDigestIsRefusedAndDiscardsTheUpload() {
        byte[] blob = Content.random(100, 12);
        String claimed = Content.sha256(Content.random(100, 13));
        String location = start("up/wrong-digest");
        String next = header(patch(location, blob, "0-99"), "Location");

        HttpResponse<byte[]> refused = registry.send("PUT", withDigest(next, claimed), null);

        assertError(refused, 400, "DIGEST_INVALID");
        ErrorBodies.assertWellFormed(refused);
        assertError(registry.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertEquals(404, registry.head("v2/up/wrong-digest/blobs/" + claimed).statusCode());
        assertEquals(404, registry.head("v2/up/wrong-digest/blobs/" + Content.sha256(blob)).statusCode());
        assertNoUploadsLeft("up/wrong-digest");
    }

    @Test
    void monolithicUploadWithWrongDigestLeavesNothing() {
        byte[] blob = Content.random(100, 14);
        String claimed = Content.sha256(Content.random(100, 15));

        assertError(registry.send("POST", "v2/up/wrong-monolithic/blobs/uploads/?digest=" + claimed, blob,
                "Content-Type", OCTET), 400, "DIGEST_INVALID");

        assertEquals(404, registry.head("v2/up/wrong-monolithic/blobs/" + claimed).statusCode());
        assertEquals(404, registry.head("v2/up/wrong-monolithic/blobs/" + Content.sha256(blob)).statusCode());
        assertNoUploadsLeft("up/wrong-monolithic");
    }

    @Test
    void monolithicUploadWithMalformedDigestIsRefusedAndLeavesNoSession() {
        byte[] blob = Content.random(100, 29);

        for (String digest : List.of("sha256:nothex", "", "sha256:" + "a".repeat(63))) {
            assertError(registry.send("POST", "v2/up/malformed-monolithic/blobs/uploads/?digest=" + digest, blob,
                    "Content-Type", OCTET), 400, "DIGEST_INVALID");
        }

        assertEquals(404, registry.head("v2/up/malformed-monolithic/blobs/" + Content.sha256(blob)).statusCode());
        assertNoUploadsLeft("up/malformed-monolithic");
    }

    @Test
    void putWithoutDigestIsDigestInvalid() {
        String location = start("up/no-digest");
        String next = header(patch(location, Content.random(10, 16), "0-9"), "Location");

        assertError(registry.send("PUT", next, null), 400, "DIGEST_INVALID");
        assertError(registry.send("PUT", withDigest(next, "sha256:nothex"), null), 400, "DIGEST_INVALID");
    }

    // ---- empty blobs ----------------------------------------------------------------------------

    @Test
    void zeroByteBlobBySession() {
        String location = start("up/empty");

        HttpResponse<byte[]> finished = registry.send("PUT", withDigest(location, EMPTY_SHA256), null);

        assertEquals(201, finished.statusCode(), () -> RegistryClient.text(finished));
        assertEquals(EMPTY_SHA256, header(finished, "Docker-Content-Digest"));
        HttpResponse<byte[]> pulled = registry.get("v2/up/empty/blobs/" + EMPTY_SHA256);
        assertEquals(200, pulled.statusCode());
        assertEquals(0, pulled.body().length);
        assertEquals("0", header(pulled, "Content-Length"));
        HttpResponse<byte[]> head = registry.head("v2/up/empty/blobs/" + EMPTY_SHA256);
        assertEquals(200, head.statusCode());
        assertEquals("0", header(head, "Content-Length"));
    }

    @Test
    void zeroByteBlobMonolithic() {
        HttpResponse<byte[]> created = registry.send("POST", "v2/up/empty-monolithic/blobs/uploads/?digest=" + EMPTY_SHA256,
                new byte[0], "Content-Type", OCTET);

        assertEquals(201, created.statusCode(), () -> RegistryClient.text(created));
        assertEquals(200, registry.get("v2/up/empty-monolithic/blobs/" + EMPTY_SHA256).statusCode());
    }

    // ---- cancel and unknown sessions ------------------------------------------------------------

    @Test
    void deleteCancelsTheUpload() {
        String location = start("up/cancel");
        patch(location, Content.random(10, 17), "0-9");

        HttpResponse<byte[]> cancelled = registry.delete(location);

        assertEquals(204, cancelled.statusCode(), () -> RegistryClient.text(cancelled));
        assertError(registry.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(patch(location, Content.random(10, 18), "10-19"), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(registry.send("PUT", withDigest(location, EMPTY_SHA256), null), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(registry.delete(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertNoUploadsLeft("up/cancel");
    }

    @Test
    void uploadIdsThatWereNeverIssuedAreUnknown() {
        registry.pushBlob("up/garbage", Content.random(10, 19));
        String prefix = "v2/up/garbage/blobs/uploads/";
        // "%2e%2e" reaches the registry as the id "..": Tomcat does not treat encoded dots as a segment.
        for (String id : List.of("nope", UUID.randomUUID().toString(), "....", "%2e%2e",
                "a".repeat(300))) {
            assertError(registry.get(prefix + id), 404, "BLOB_UPLOAD_UNKNOWN");
            assertError(patch(prefix + id, Content.random(10, 20), null), 404, "BLOB_UPLOAD_UNKNOWN");
            assertError(registry.send("PUT", prefix + id + "?digest=" + EMPTY_SHA256, null), 404, "BLOB_UPLOAD_UNKNOWN");
            assertError(registry.delete(prefix + id), 404, "BLOB_UPLOAD_UNKNOWN");
        }
    }

    @Test
    void dotDotUploadIdsNeverReachAFile() throws IOException {
        registry.pushBlob("up/traversal", Content.random(10, 21));
        String prefix = "/" + CONTEXT + "/v2/up/traversal/blobs/uploads/";
        // A literal ../../etc is resolved by the container before routing, %2F is refused by it:
        // neither can name a file, and neither may be answered with success or a server error.
        for (String id : List.of("../../etc", "..%2F..%2Fetc", "%2e%2e%2f%2e%2e%2fetc")) {
            for (String method : List.of("GET", "PATCH", "PUT", "DELETE")) {
                RawHttp.Response response = RawHttp.send(base, method, prefix + id + (method.equals("PUT")
                        ? "?digest=" + EMPTY_SHA256 : ""), method.equals("PATCH") ? new byte[10] : null);
                assertTrue(response.status() == 404 || response.status() == 400,
                        () -> method + " " + id + ": " + response);
            }
        }
        assertNoUploadsLeft("up/traversal");
        try (Stream<Path> files = Files.walk(dataDirectory())) {
            assertFalse(files.anyMatch(path -> path.getFileName().toString().equals("etc")), "no file named etc");
        }
    }

    @Test
    void uploadIdIsScopedToItsRepository() {
        String location = start("up/owner");
        String id = header(registry.get(location), "Docker-Upload-UUID");
        String foreign = "v2/up/intruder/blobs/uploads/" + id;
        registry.pushBlob("up/intruder", Content.random(10, 22));

        assertError(registry.get(foreign), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(patch(foreign, Content.random(10, 23), "0-9"), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(registry.send("PUT", foreign + "?digest=" + EMPTY_SHA256, null), 404, "BLOB_UPLOAD_UNKNOWN");
        assertEquals(404, registry.head("v2/up/intruder/blobs/" + EMPTY_SHA256).statusCode());
        assertEquals(204, registry.get(location).statusCode(), "the owner's session is untouched");
    }

    // ---- mounts ---------------------------------------------------------------------------------

    @Test
    void mountFromAnotherRepository() {
        byte[] blob = Content.random(1_500, 24);
        String digest = registry.pushBlob("mount/source", blob);

        HttpResponse<byte[]> mounted = registry.send("POST",
                "v2/mount/target/blobs/uploads/?mount=" + digest + "&from=mount/source", null);

        assertEquals(201, mounted.statusCode(), () -> RegistryClient.text(mounted));
        assertEquals(base + "v2/mount/target/blobs/" + digest, header(mounted, "Location"));
        assertEquals(digest, header(mounted, "Docker-Content-Digest"));
        assertArrayEquals(blob, registry.get("v2/mount/target/blobs/" + digest).body());
    }

    @Test
    void mountFromARepositoryWithoutTheBlobStartsAnUpload() {
        byte[] blob = Content.random(1_600, 25);
        String digest = registry.pushBlob("mount/has-it", blob);
        registry.pushBlob("mount/lacks-it", Content.random(10, 26));

        HttpResponse<byte[]> response = registry.send("POST",
                "v2/mount/target2/blobs/uploads/?mount=" + digest + "&from=mount/lacks-it", null);

        assertEquals(202, response.statusCode(), () -> RegistryClient.text(response));
        String location = header(response, "Location");
        assertTrue(location.startsWith(base + "v2/mount/target2/blobs/uploads/"), location);
        assertNotNull(header(response, "Docker-Upload-UUID"));
        assertEquals(404, registry.head("v2/mount/target2/blobs/" + digest).statusCode());

        HttpResponse<byte[]> finished = registry.send("PUT", withDigest(location, digest), blob, "Content-Type", OCTET);
        assertEquals(201, finished.statusCode(), "the session the failed mount started is usable");
        assertArrayEquals(blob, registry.get("v2/mount/target2/blobs/" + digest).body());
    }

    @Test
    void mountWithoutFromOfABlobTheRegistryHas() {
        byte[] blob = Content.random(1_700, 27);
        String digest = registry.pushBlob("mount/anywhere", blob);

        HttpResponse<byte[]> mounted = registry.send("POST", "v2/mount/target3/blobs/uploads/?mount=" + digest, null);

        assertEquals(201, mounted.statusCode(), () -> RegistryClient.text(mounted));
        assertEquals(digest, header(mounted, "Docker-Content-Digest"));
        assertArrayEquals(blob, registry.get("v2/mount/target3/blobs/" + digest).body());
    }

    @Test
    void mountOfAnUnknownOrGarbageDigestStartsAnUpload() {
        String unknown = Content.sha256(Content.random(10, 28));
        for (String query : List.of("?mount=sha256:garbage&from=mount/source", "?mount=garbage",
                "?mount=" + unknown + "&from=mount/source", "?mount=" + unknown, "?mount=" + unknown + "&from=Not_Valid")) {
            HttpResponse<byte[]> response = registry.send("POST", "v2/mount/target4/blobs/uploads/" + query, null);
            assertEquals(202, response.statusCode(), () -> query + ": " + RegistryClient.text(response));
            assertNotNull(header(response, "Location"), query);
            assertEquals(204, registry.get(header(response, "Location")).statusCode(), query);
        }
    }

    // ---- concurrency ----------------------------------------------------------------------------

    @Test
    void concurrentUploadsOfOneBlobAllSucceed() throws Exception {
        byte[] blob = Content.random(1024 * 1024, 30);
        String digest = Content.sha256(blob);
        int clients = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        try {
            List<java.util.concurrent.Future<HttpResponse<byte[]>>> results = new java.util.ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String repository = "up/concurrent" + (i % 2 == 0 ? "" : "-" + i);
                results.add(pool.submit(() -> registry.send("POST", "v2/" + repository + "/blobs/uploads/?digest=" + digest,
                        blob, "Content-Type", OCTET)));
            }
            for (java.util.concurrent.Future<HttpResponse<byte[]>> result : results) {
                HttpResponse<byte[]> response = result.get(2, java.util.concurrent.TimeUnit.MINUTES);
                assertEquals(201, response.statusCode(), () -> RegistryClient.text(response));
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < clients; i++) {
            String repository = "up/concurrent" + (i % 2 == 0 ? "" : "-" + i);
            assertArrayEquals(blob, registry.get("v2/" + repository + "/blobs/" + digest).body(), repository);
        }
        assertNoUploadsLeft("up/concurrent");
    }

    @Test
    void concurrentCopiesOfOneChunkAreAcceptedOnce() throws Exception {
        byte[] chunk = Content.random(256 * 1024, 31);
        String location = start("up/concurrent-chunk");
        int clients = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        List<Integer> statuses = new java.util.ArrayList<>();
        try {
            List<java.util.concurrent.Future<HttpResponse<byte[]>>> results = new java.util.ArrayList<>();
            for (int i = 0; i < clients; i++) {
                results.add(pool.submit(() -> patch(location, chunk, "0-" + (chunk.length - 1))));
            }
            for (java.util.concurrent.Future<HttpResponse<byte[]>> result : results) {
                statuses.add(result.get(2, java.util.concurrent.TimeUnit.MINUTES).statusCode());
            }
        } finally {
            pool.shutdownNow();
        }
        statuses.sort(null);
        assertEquals(List.of(202, 416, 416, 416), statuses, "one copy is taken, the others are out of order");
        assertEquals("0-" + (chunk.length - 1), header(registry.get(location), "Range"));
        HttpResponse<byte[]> finished = registry.send("PUT", withDigest(location, Content.sha256(chunk)), null);
        assertEquals(201, finished.statusCode(), () -> RegistryClient.text(finished));
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Starts a session and returns its Location. */
    private String start(String repository) {
        HttpResponse<byte[]> response = registry.send("POST", "v2/" + repository + "/blobs/uploads/", null);
        assertEquals(202, response.statusCode(), () -> RegistryClient.text(response));
        return header(response, "Location");
    }

    private HttpResponse<byte[]> patch(String location, byte[] chunk, String contentRange) {
        return contentRange == null
                ? registry.send("PATCH", location, chunk, "Content-Type", OCTET)
                : registry.send("PATCH", location, chunk, "Content-Type", OCTET, "Content-Range", contentRange);
    }

    private static String withDigest(String location, String digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
    }

    private static byte[] slice(byte[] blob, int from, int to) {
        return Arrays.copyOfRange(blob, from, to);
    }

    private Path dataDirectory() {
        return Path.of("target", "it-data", System.getProperty("arquillian.launch", "default"), CONTEXT).toAbsolutePath();
    }

    /** Nothing of a finished, failed or cancelled upload stays in the repository's upload area. */
    private void assertNoUploadsLeft(String repository) {
        Path uploads = dataDirectory().resolve("docker/registry/v2/repositories/" + repository + "/_uploads");
        if (Files.isDirectory(uploads)) {
            try (Stream<Path> entries = Files.list(uploads)) {
                List<Path> left = entries.toList();
                assertEquals(List.of(), left, "upload directories left behind");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
