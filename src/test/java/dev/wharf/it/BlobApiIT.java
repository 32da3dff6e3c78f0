package dev.wharf.it;

import static dev.wharf.it.support.RegistryClient.assertError;
import static dev.wharf.it.support.RegistryClient.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.ErrorBodies;
import dev.wharf.it.support.RegistryClient;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /v2/<name>/blobs/<digest>}: whole and ranged reads with their headers, the repository
 * as the scope of a blob, deletion, and malformed digests.
 */
@ExtendWith(ArquillianExtension.class)
class BlobApiIT {
    private static final String CONTEXT = "blobapi";

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

    @Test
    void getServesTheBlobWithItsHeaders() {
        byte[] blob = Content.random(12_345, 1);
        String digest = registry.pushBlob("blobs/get", blob);

        HttpResponse<byte[]> response = registry.get("v2/blobs/get/blobs/" + digest);

        assertEquals(200, response.statusCode());
        assertArrayEquals(blob, response.body());
        assertEquals("12345", header(response, "Content-Length"));
        assertEquals(digest, header(response, "Docker-Content-Digest"));
        assertEquals("\"" + digest + "\"", header(response, "ETag"));
        assertEquals("bytes", header(response, "Accept-Ranges"));
        assertEquals("application/octet-stream", header(response, "Content-Type"));
    }

    @Test
    void headAnswersTheHeadersOfGetWithoutBody() {
        byte[] blob = Content.random(4_321, 2);
        String digest = registry.pushBlob("blobs/head", blob);

        HttpResponse<byte[]> response = registry.head("v2/blobs/head/blobs/" + digest);

        assertEquals(200, response.statusCode());
        assertEquals(0, response.body().length);
        assertEquals("4321", header(response, "Content-Length"));
        assertEquals(digest, header(response, "Docker-Content-Digest"));
        assertEquals("\"" + digest + "\"", header(response, "ETag"));
        assertEquals("bytes", header(response, "Accept-Ranges"));
    }

    @Test
    void unknownBlobIsBlobUnknown() {
        registry.pushBlob("blobs/unknown", Content.random(10, 3));
        String missing = Content.sha256(Content.random(10, 4));

        assertError(registry.get("v2/blobs/unknown/blobs/" + missing), 404, "BLOB_UNKNOWN");
        assertError(registry.get("v2/blobs/never-pushed/blobs/" + missing), 404, "BLOB_UNKNOWN");
        HttpResponse<byte[]> head = registry.head("v2/blobs/unknown/blobs/" + missing);
        assertEquals(404, head.statusCode());
        assertEquals(0, head.body().length);
    }

    // ---- ranges -------------------------------------------------------------------------------

    @Test
    void firstTenBytes() {
        byte[] blob = Content.random(1_000, 5);
        String digest = registry.pushBlob("blobs/range", blob);

        HttpResponse<byte[]> response = registry.get("v2/blobs/range/blobs/" + digest, "Range", "bytes=0-9");

        assertPartial(response, blob, 0, 9);
        assertEquals(digest, header(response, "Docker-Content-Digest"));
    }

    @Test
    void openEndedRangeServesTheRest() {
        byte[] blob = Content.random(1_000, 6);
        String digest = registry.pushBlob("blobs/range-open", blob);

        assertPartial(registry.get("v2/blobs/range-open/blobs/" + digest, "Range", "bytes=990-"), blob, 990, 999);
        assertPartial(registry.get("v2/blobs/range-open/blobs/" + digest, "Range", "bytes=0-"), blob, 0, 999);
    }

    @Test
    void suffixRangeServesTheLastBytes() {
        byte[] blob = Content.random(1_000, 7);
        String digest = registry.pushBlob("blobs/range-suffix", blob);

        assertPartial(registry.get("v2/blobs/range-suffix/blobs/" + digest, "Range", "bytes=-10"), blob, 990, 999);
        assertPartial(registry.get("v2/blobs/range-suffix/blobs/" + digest, "Range", "bytes=-5000"), blob, 0, 999);
    }

    @Test
    void rangeInTheMiddleAndRangeEndingPastTheBlob() {
        byte[] blob = Content.random(1_000, 8);
        String digest = registry.pushBlob("blobs/range-middle", blob);

        assertPartial(registry.get("v2/blobs/range-middle/blobs/" + digest, "Range", "bytes=100-199"), blob, 100, 199);
        assertPartial(registry.get("v2/blobs/range-middle/blobs/" + digest, "Range", "bytes=995-5000"), blob, 995, 999);
        assertPartial(registry.get("v2/blobs/range-middle/blobs/" + digest, "Range", "bytes=999-999"), blob, 999, 999);
    }

    @Test
    void rangeOutsideTheBlobIs416WithOciBody() {
        byte[] blob = Content.random(1_000, 9);
        String digest = registry.pushBlob("blobs/range-past", blob);

        for (String range : List.of("bytes=1000-", "bytes=1000-1009", "bytes=5000-6000")) {
            HttpResponse<byte[]> response = registry.get("v2/blobs/range-past/blobs/" + digest, "Range", range);
            assertEquals(416, response.statusCode(), range);
            ErrorBodies.assertWellFormed(response);
            assertEquals("bytes */1000", header(response, "Content-Range"), range);
        }
    }

    // ---- scope, deletion, digests -------------------------------------------------------------

    @Test
    void blobIsScopedToItsRepositoryUntilMounted() {
        byte[] blob = Content.random(2_000, 10);
        String digest = registry.pushBlob("scope/a", blob);
        registry.pushBlob("scope/b", Content.random(10, 11)); // repository b exists, without the blob

        assertError(registry.get("v2/scope/b/blobs/" + digest), 404, "BLOB_UNKNOWN");
        assertEquals(404, registry.head("v2/scope/b/blobs/" + digest).statusCode());

        HttpResponse<byte[]> mount = registry.send("POST",
                "v2/scope/b/blobs/uploads/?mount=" + digest + "&from=scope/a", null);
        assertEquals(201, mount.statusCode(), () -> RegistryClient.text(mount));

        HttpResponse<byte[]> mounted = registry.get("v2/scope/b/blobs/" + digest);
        assertEquals(200, mounted.statusCode());
        assertArrayEquals(blob, mounted.body());
    }

    @Test
    void deleteUnlinksTheBlobFromTheRepository() {
        byte[] blob = Content.random(3_000, 12);
        String digest = registry.pushBlob("delete/a", blob);
        assertEquals(201, registry.send("POST", "v2/delete/b/blobs/uploads/?mount=" + digest + "&from=delete/a", null)
                .statusCode());

        HttpResponse<byte[]> deleted = registry.delete("v2/delete/a/blobs/" + digest);

        assertEquals(202, deleted.statusCode(), () -> RegistryClient.text(deleted));
        assertError(registry.get("v2/delete/a/blobs/" + digest), 404, "BLOB_UNKNOWN");
        assertEquals(404, registry.head("v2/delete/a/blobs/" + digest).statusCode());
        assertError(registry.delete("v2/delete/a/blobs/" + digest), 404, "BLOB_UNKNOWN");
        assertArrayEquals(blob, registry.get("v2/delete/b/blobs/" + digest).body(),
                "a repository that still links the blob keeps serving it");
    }

    @Test
    void deletedBlobCanBeUploadedAgain() {
        byte[] blob = Content.random(700, 16);
        String digest = registry.pushBlob("delete/again", blob);
        assertEquals(202, registry.delete("v2/delete/again/blobs/" + digest).statusCode());

        registry.pushBlob("delete/again", blob);

        assertArrayEquals(blob, registry.get("v2/delete/again/blobs/" + digest).body());
    }

    @Test
    void mountFromARepositoryThatDeletedTheBlobIsAnUpload() {
        byte[] blob = Content.random(800, 17);
        String digest = registry.pushBlob("delete/source", blob);
        assertEquals(202, registry.delete("v2/delete/source/blobs/" + digest).statusCode());

        HttpResponse<byte[]> mount = registry.send("POST", "v2/delete/target/blobs/uploads/?mount=" + digest
                + "&from=delete/source", null);

        assertEquals(202, mount.statusCode(), () -> RegistryClient.text(mount));
        assertError(registry.get("v2/delete/target/blobs/" + digest), 404, "BLOB_UNKNOWN");
    }

    @Test
    void uploadingABlobTheRegistryHasSucceedsAndLinksIt() {
        byte[] blob = Content.random(900, 18);
        String digest = registry.pushBlob("dedupe/a", blob);

        assertEquals(digest, registry.pushBlob("dedupe/a", blob));
        assertEquals(digest, registry.pushBlob("dedupe/b", blob));

        assertArrayEquals(blob, registry.get("v2/dedupe/a/blobs/" + digest).body());
        assertArrayEquals(blob, registry.get("v2/dedupe/b/blobs/" + digest).body());
    }

    @Test
    void malformedDigestIsDigestInvalid() {
        registry.pushBlob("digests/app", Content.random(10, 13));
        String valid = Content.sha256(Content.random(10, 14));
        List<String> malformed = List.of(
                "sha256:abc",
                "sha256:totallywrong",
                "sha256:" + valid.substring(7).toUpperCase(),
                "sha256:" + valid.substring(7) + "0",
                "notadigest",
                "sha256:",
                ":" + valid.substring(7),
                "sha512:" + valid.substring(7));
        for (String digest : malformed) {
            HttpResponse<byte[]> get = registry.get("v2/digests/app/blobs/" + digest);
            assertError(get, 400, "DIGEST_INVALID");
            ErrorBodies.assertWellFormed(get);
            assertEquals(400, registry.head("v2/digests/app/blobs/" + digest).statusCode(), digest);
            assertError(registry.delete("v2/digests/app/blobs/" + digest), 400, "DIGEST_INVALID");
        }
    }

    @Test
    void fiveMebibyteBlobRoundTrip() {
        byte[] blob = Content.random(5 * 1024 * 1024, 15);
        String digest = registry.pushBlob("large/app", blob);

        HttpResponse<byte[]> response = registry.get("v2/large/app/blobs/" + digest);

        assertEquals(200, response.statusCode());
        assertEquals(Integer.toString(blob.length), header(response, "Content-Length"));
        assertEquals(digest, Content.sha256(response.body()));
        assertArrayEquals(blob, response.body());
        int middle = 4 * 1024 * 1024 - 5;
        assertPartial(registry.get("v2/large/app/blobs/" + digest, "Range", "bytes=" + middle + "-" + (middle + 9)),
                blob, middle, middle + 9);
    }

    private static void assertPartial(HttpResponse<byte[]> response, byte[] blob, int first, int last) {
        assertEquals(206, response.statusCode(), () -> RegistryClient.text(response));
        assertEquals("bytes " + first + "-" + last + "/" + blob.length, header(response, "Content-Range"));
        assertEquals(Integer.toString(last - first + 1), header(response, "Content-Length"));
        assertArrayEquals(Arrays.copyOfRange(blob, first, last + 1), response.body());
    }
}
