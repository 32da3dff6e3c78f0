package dev.wharf.it;

import static dev.wharf.it.support.RegistryClient.assertError;
import static dev.wharf.it.support.RegistryClient.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.ErrorBodies;
import dev.wharf.it.support.Images;
import dev.wharf.it.support.RawHttp;
import dev.wharf.it.support.RegistryClient;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /v2/<name>/manifests/<reference>} for all four manifest types Wharf stores: push, pull
 * and delete by tag and digest, the headers a client relies on, {@code Accept} negotiation, and
 * every way a push can be refused.
 */
@ExtendWith(ArquillianExtension.class)
class ManifestApiIT {
    private static final String CONTEXT = "manifestapi";

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

    // ---- round trips, by type ---------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {Content.OCI_MANIFEST, Content.OCI_INDEX, Content.DOCKER_MANIFEST, Content.DOCKER_LIST})
    void pushAnswersCreatedWithLocationAndDigest(String type) {
        String repository = "push/" + shortName(type);
        Images.Built manifest = Images.pushAny(registry, repository, type, "placeholder", 1);
        HttpResponse<byte[]> pushed = registry.send("PUT", "v2/" + repository + "/manifests/v1", manifest.content(),
                "Content-Type", type);

        assertEquals(201, pushed.statusCode(), () -> RegistryClient.text(pushed));
        assertEquals(manifest.digest(), header(pushed, "Docker-Content-Digest"));
        assertEquals(base + "v2/" + repository + "/manifests/" + manifest.digest(), header(pushed, "Location"),
                "Location must be the absolute URL of the manifest by digest, under the context path");
    }

    @ParameterizedTest
    @ValueSource(strings = {Content.OCI_MANIFEST, Content.OCI_INDEX, Content.DOCKER_MANIFEST, Content.DOCKER_LIST})
    void getByTagAndByDigestServesThePushedBytesWithHeaders(String type) {
        String repository = "get/" + shortName(type);
        Images.Built manifest = Images.pushAny(registry, repository, type, "v1", 2);

        for (String reference : List.of("v1", manifest.digest())) {
            HttpResponse<byte[]> response = registry.get("v2/" + repository + "/manifests/" + reference, "Accept", type);
            assertEquals(200, response.statusCode(), () -> reference + ": " + RegistryClient.text(response));
            assertArrayEquals(manifest.content(), response.body(), reference);
            assertEquals(type, header(response, "Content-Type"), reference);
            assertEquals(Integer.toString(manifest.size()), header(response, "Content-Length"), reference);
            assertEquals(manifest.digest(), header(response, "Docker-Content-Digest"), reference);
            assertEquals("\"" + manifest.digest() + "\"", header(response, "ETag"), reference);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Content.OCI_MANIFEST, Content.OCI_INDEX, Content.DOCKER_MANIFEST, Content.DOCKER_LIST})
    void headAnswersTheHeadersOfGetWithoutBody(String type) {
        String repository = "head/" + shortName(type);
        Images.Built manifest = Images.pushAny(registry, repository, type, "v1", 3);

        for (String reference : List.of("v1", manifest.digest())) {
            HttpResponse<byte[]> response = registry.head("v2/" + repository + "/manifests/" + reference, "Accept", type);
            assertEquals(200, response.statusCode(), reference);
            assertEquals(0, response.body().length, reference);
            assertEquals(Integer.toString(manifest.size()), header(response, "Content-Length"),
                    "HEAD must announce the length GET would send: " + reference);
            assertEquals(type, header(response, "Content-Type"), reference);
            assertEquals(manifest.digest(), header(response, "Docker-Content-Digest"), reference);
            assertEquals("\"" + manifest.digest() + "\"", header(response, "ETag"), reference);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Content.OCI_MANIFEST, Content.OCI_INDEX, Content.DOCKER_MANIFEST, Content.DOCKER_LIST})
    void deleteByTagRemovesOnlyTheTagAndDeleteByDigestRemovesTheManifest(String type) {
        String repository = "delete/" + shortName(type);
        Images.Built manifest = Images.pushAny(registry, repository, type, "first", 4);
        registry.pushManifest(repository, "second", type, manifest.content());
        String path = "v2/" + repository + "/manifests/";

        HttpResponse<byte[]> untag = registry.delete(path + "first");
        assertEquals(202, untag.statusCode(), () -> RegistryClient.text(untag));
        assertError(registry.get(path + "first", "Accept", type), 404, "MANIFEST_UNKNOWN");
        assertEquals(200, registry.get(path + manifest.digest(), "Accept", type).statusCode(),
                "deleting a tag must leave the manifest");
        assertEquals(200, registry.get(path + "second", "Accept", type).statusCode(), "other tags stay");
        assertEquals(List.of("second"), tags(repository));

        HttpResponse<byte[]> deleted = registry.delete(path + manifest.digest());
        assertEquals(202, deleted.statusCode(), () -> RegistryClient.text(deleted));
        assertError(registry.get(path + manifest.digest(), "Accept", type), 404, "MANIFEST_UNKNOWN");
        assertError(registry.get(path + "second", "Accept", type), 404, "MANIFEST_UNKNOWN");
        HttpResponse<byte[]> head = registry.head(path + manifest.digest(), "Accept", type);
        assertEquals(404, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals(List.of(), tags(repository), "deleting a manifest removes the tags that pointed at it");

        assertError(registry.delete(path + manifest.digest()), 404, "MANIFEST_UNKNOWN");
        assertError(registry.delete(path + "first"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void deletedManifestCanBePushedAgain() {
        String repository = "delete/again";
        Images.Built manifest = Images.pushAny(registry, repository, Content.OCI_MANIFEST, "v1", 50);
        assertEquals(202, registry.delete("v2/" + repository + "/manifests/" + manifest.digest()).statusCode());

        registry.pushManifest(repository, "v1", Content.OCI_MANIFEST, manifest.content());

        assertArrayEquals(manifest.content(), registry.get("v2/" + repository + "/manifests/v1").body());
        assertArrayEquals(manifest.content(), registry.get("v2/" + repository + "/manifests/" + manifest.digest()).body());
        assertEquals(List.of("v1"), tags(repository));
    }

    @Test
    void deletingAManifestInOneRepositoryLeavesItInAnother() {
        Images.Built manifest = Images.pushAny(registry, "delete/one", Content.OCI_MANIFEST, "v1", 51);
        Images.Built same = Images.pushAny(registry, "delete/two", Content.OCI_MANIFEST, "v1", 51);
        assertEquals(manifest.digest(), same.digest());

        assertEquals(202, registry.delete("v2/delete/one/manifests/" + manifest.digest()).statusCode());

        assertError(registry.get("v2/delete/one/manifests/" + manifest.digest()), 404, "MANIFEST_UNKNOWN");
        assertArrayEquals(manifest.content(), registry.get("v2/delete/two/manifests/" + manifest.digest()).body());
        assertArrayEquals(manifest.content(), registry.get("v2/delete/two/manifests/v1").body());
    }

    @Test
    void unknownManifestIsManifestUnknown() {
        String repository = "unknown/app";
        Images.pushAny(registry, repository, Content.OCI_MANIFEST, "v1", 5);
        String missing = Content.sha256("no such manifest".getBytes(StandardCharsets.UTF_8));

        assertError(registry.get("v2/" + repository + "/manifests/nope"), 404, "MANIFEST_UNKNOWN");
        assertError(registry.get("v2/" + repository + "/manifests/" + missing), 404, "MANIFEST_UNKNOWN");
        assertError(registry.get("v2/unknown/never-pushed/manifests/v1"), 404, "MANIFEST_UNKNOWN");
        HttpResponse<byte[]> head = registry.head("v2/" + repository + "/manifests/nope");
        assertEquals(404, head.statusCode());
        assertEquals(0, head.body().length);
    }

    @Test
    void manifestOfAnotherRepositoryIsUnknownHere() {
        Images.Built manifest = Images.pushAny(registry, "scope/one", Content.OCI_MANIFEST, "v1", 6);
        Images.image(registry, "scope/two", Content.OCI_MANIFEST, 7);

        assertError(registry.get("v2/scope/two/manifests/" + manifest.digest(), "Accept", Content.OCI_MANIFEST),
                404, "MANIFEST_UNKNOWN");
        assertError(registry.get("v2/scope/two/manifests/v1", "Accept", Content.OCI_MANIFEST), 404, "MANIFEST_UNKNOWN");
    }

    // ---- conditional GET ----------------------------------------------------------------------

    @Test
    void ifNoneMatchWithTheDigestAnswersNotModified() {
        String repository = "etag/app";
        Images.Built manifest = Images.pushAny(registry, repository, Content.OCI_MANIFEST, "v1", 8);
        String etag = "\"" + manifest.digest() + "\"";

        for (String reference : List.of("v1", manifest.digest())) {
            HttpResponse<byte[]> cached = registry.get("v2/" + repository + "/manifests/" + reference,
                    "Accept", Content.OCI_MANIFEST, "If-None-Match", etag);
            assertEquals(304, cached.statusCode(), reference);
            assertEquals(0, cached.body().length, reference);
            assertEquals(etag, header(cached, "ETag"), reference);
            assertEquals(manifest.digest(), header(cached, "Docker-Content-Digest"), reference);
        }

        String other = "\"" + Content.sha256(new byte[] {1}) + "\"";
        HttpResponse<byte[]> stale = registry.get("v2/" + repository + "/manifests/v1",
                "Accept", Content.OCI_MANIFEST, "If-None-Match", other);
        assertEquals(200, stale.statusCode());
        assertArrayEquals(manifest.content(), stale.body());
    }

    // ---- Accept negotiation -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {Content.OCI_MANIFEST, Content.OCI_INDEX, Content.DOCKER_MANIFEST, Content.DOCKER_LIST})
    void storedTypeIsServedToAnyClientThatAcceptsIt(String type) {
        String repository = "accept/" + shortName(type);
        Images.Built manifest = Images.pushAny(registry, repository, type, "v1", 9);
        String path = "v2/" + repository + "/manifests/v1";

        List<String[]> accepts = List.of(
                new String[] {"*/*"},
                new String[] {Content.DOCKER_MANIFEST + ", " + Content.DOCKER_LIST + ", " + Content.OCI_MANIFEST + ", "
                        + Content.OCI_INDEX},
                new String[] {"application/json;q=0.5, " + type + ";q=0.9"},
                new String[] {"text/plain", type});
        for (String[] accept : accepts) {
            String[] headers = accept.length == 1 ? new String[] {"Accept", accept[0]}
                    : new String[] {"Accept", accept[0], "Accept", accept[1]};
            HttpResponse<byte[]> response = registry.get(path, headers);
            assertEquals(200, response.statusCode(), () -> String.join(" | ", accept) + ": " + RegistryClient.text(response));
            assertArrayEquals(manifest.content(), response.body(), String.join(" | ", accept));
            assertEquals(type, header(response, "Content-Type"));
        }
        HttpResponse<byte[]> noAccept = registry.get(path);
        assertEquals(200, noAccept.statusCode());
        assertArrayEquals(manifest.content(), noAccept.body(), "no Accept header: the stored manifest");
    }

    @ParameterizedTest
    @ValueSource(strings = {Content.OCI_INDEX, Content.DOCKER_LIST})
    void indexIsServedAsItsLinuxAmd64ImageToClientsThatOnlyReadImages(String indexType) {
        String repository = "accept/fallback-" + shortName(indexType);
        String childType = Images.childType(indexType);
        Images.Built arm64 = Images.image(registry, repository, childType, 11);
        Images.Built amd64 = Images.image(registry, repository, childType, 12);
        registry.pushManifest(repository, arm64.digest(), childType, arm64.content());
        registry.pushManifest(repository, amd64.digest(), childType, amd64.content());
        // arm64 first, so that "the first entry" and "the linux/amd64 entry" differ.
        Images.Built index = Images.index(indexType, List.of(arm64, amd64), List.of("arm64", "amd64"));
        registry.pushManifest(repository, "multi", indexType, index.content());

        for (String reference : List.of("multi", index.digest())) {
            HttpResponse<byte[]> response = registry.get("v2/" + repository + "/manifests/" + reference, "Accept", childType);
            assertEquals(200, response.statusCode(), () -> RegistryClient.text(response));
            assertArrayEquals(amd64.content(), response.body(), "the linux/amd64 image of the index");
            assertEquals(amd64.digest(), header(response, "Docker-Content-Digest"));
            assertEquals(childType, header(response, "Content-Type"));
        }
        HttpResponse<byte[]> asIndex = registry.get("v2/" + repository + "/manifests/multi", "Accept", indexType);
        assertArrayEquals(index.content(), asIndex.body(), "a client that reads indexes gets the index");
    }

    @Test
    void ociManifestToClientThatOnlyReadsDockerTypesIsManifestUnknown() {
        String repository = "accept/oci-only";
        Images.Built manifest = Images.pushAny(registry, repository, Content.OCI_MANIFEST, "v1", 13);
        String accept = Content.DOCKER_MANIFEST + ", " + Content.DOCKER_LIST;

        for (String reference : List.of("v1", manifest.digest())) {
            assertError(registry.get("v2/" + repository + "/manifests/" + reference, "Accept", accept), 404,
                    "MANIFEST_UNKNOWN");
            assertEquals(404, registry.head("v2/" + repository + "/manifests/" + reference, "Accept", accept).statusCode());
        }
    }

    @Test
    void headNegotiatesLikeGet() {
        String repository = "accept/head";
        Images.Built amd64 = Images.image(registry, repository, Content.OCI_MANIFEST, 41);
        registry.pushManifest(repository, amd64.digest(), Content.OCI_MANIFEST, amd64.content());
        Images.Built index = Images.index(Content.OCI_INDEX, List.of(amd64), List.of("amd64"));
        registry.pushManifest(repository, "multi", Content.OCI_INDEX, index.content());

        HttpResponse<byte[]> head = registry.head("v2/" + repository + "/manifests/multi", "Accept", Content.OCI_MANIFEST);

        assertEquals(200, head.statusCode());
        assertEquals(amd64.digest(), header(head, "Docker-Content-Digest"));
        assertEquals(Integer.toString(amd64.size()), header(head, "Content-Length"));
        assertEquals(Content.OCI_MANIFEST, header(head, "Content-Type"));
    }

    @Test
    void dockerManifestToClientThatOnlyReadsOciTypesIsManifestUnknown() {
        String repository = "accept/docker-only";
        Images.Built manifest = Images.pushAny(registry, repository, Content.DOCKER_MANIFEST, "v1", 42);

        assertError(registry.get("v2/" + repository + "/manifests/v1", "Accept", Content.OCI_MANIFEST + ", " + Content.OCI_INDEX),
                404, "MANIFEST_UNKNOWN");
        assertError(registry.get("v2/" + repository + "/manifests/" + manifest.digest(), "Accept", Content.OCI_MANIFEST),
                404, "MANIFEST_UNKNOWN");
    }

    @Test
    void indexWithoutAUsableLinuxAmd64ImageIsManifestUnknownToImageOnlyClients() {
        String repository = "accept/no-amd64";
        Images.Built arm64 = Images.image(registry, repository, Content.OCI_MANIFEST, 43);
        registry.pushManifest(repository, arm64.digest(), Content.OCI_MANIFEST, arm64.content());
        Images.Built index = Images.index(Content.OCI_INDEX, List.of(arm64), List.of("arm64"));
        registry.pushManifest(repository, "arm-only", Content.OCI_INDEX, index.content());

        assertError(registry.get("v2/" + repository + "/manifests/arm-only", "Accept", Content.OCI_MANIFEST), 404,
                "MANIFEST_UNKNOWN");
        // The linux/amd64 image exists but is OCI: a client that reads only Docker types cannot use it either.
        Images.Built amd64 = Images.pushAny(registry, repository, Content.OCI_MANIFEST, "amd64", 44);
        Images.Built both = Images.index(Content.OCI_INDEX, List.of(arm64, amd64), List.of("arm64", "amd64"));
        registry.pushManifest(repository, "both", Content.OCI_INDEX, both.content());
        assertError(registry.get("v2/" + repository + "/manifests/both", "Accept", Content.DOCKER_MANIFEST), 404,
                "MANIFEST_UNKNOWN");
    }

    @Test
    void ifNoneMatchWithAListOrAWeakTagAnswersNotModified() {
        // RFC 9110 13.1.2: If-None-Match is a list of entity tags compared weakly, or "*".
        String repository = "etag/list";
        Images.Built manifest = Images.pushAny(registry, repository, Content.OCI_MANIFEST, "v1", 45);
        String etag = "\"" + manifest.digest() + "\"";
        String path = "v2/" + repository + "/manifests/v1";

        org.junit.jupiter.api.Assertions.assertAll(Stream.of("\"sha256:other\", " + etag, "W/" + etag, "*")
                .<org.junit.jupiter.api.function.Executable>map(condition -> () -> assertEquals(304, registry.get(path, "Accept", Content.OCI_MANIFEST,
                        "If-None-Match", condition).statusCode(), "If-None-Match: " + condition)));
    }

    // ---- refused pushes -----------------------------------------------------------------------

    @Test
    void missingBlobsAreRefusedWithOneErrorPerDigest() {
        String repository = "refuse/missing-layers";
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(repository, config);
        byte[] present = Content.random(500, 21);
        String presentDigest = registry.pushBlob(repository, present);
        byte[] missing1 = Content.random(600, 22);
        byte[] missing2 = Content.random(700, 23);
        byte[] manifest = Content.imageManifest(Content.OCI_MANIFEST, configDigest, config.length, List.of(
                new String[] {Content.sha256(missing1), "600"},
                new String[] {presentDigest, "500"},
                new String[] {Content.sha256(missing2), "700"}));

        HttpResponse<byte[]> response = registry.send("PUT", "v2/" + repository + "/manifests/v1", manifest,
                "Content-Type", Content.OCI_MANIFEST);

        JsonNode body = assertError(response, 400, "MANIFEST_BLOB_UNKNOWN");
        ErrorBodies.assertWellFormed(response);
        assertEquals(Set.of(Content.sha256(missing1), Content.sha256(missing2)), errorDigests(body, "MANIFEST_BLOB_UNKNOWN"));
        assertEquals(2, body.path("errors").size(), () -> "one error per missing digest: " + body);
        assertError(registry.get("v2/" + repository + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void missingConfigIsReportedToo() {
        String repository = "refuse/missing-config";
        byte[] config = "{\"os\":\"linux\",\"missing\":true}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = Content.random(800, 24);
        byte[] manifest = Content.imageManifest(Content.DOCKER_MANIFEST, Content.sha256(config), config.length,
                List.<String[]>of(new String[] {Content.sha256(layer), "800"}));

        HttpResponse<byte[]> response = registry.send("PUT", "v2/" + repository + "/manifests/v1", manifest,
                "Content-Type", Content.DOCKER_MANIFEST);

        JsonNode body = assertError(response, 400, "MANIFEST_BLOB_UNKNOWN");
        assertEquals(Set.of(Content.sha256(config), Content.sha256(layer)), errorDigests(body, "MANIFEST_BLOB_UNKNOWN"));
    }

    @Test
    void blobOnlyInAnotherRepositoryIsMissingHere() {
        Images.Built elsewhere = Images.image(registry, "refuse/owner", Content.OCI_MANIFEST, 25);

        HttpResponse<byte[]> response = registry.send("PUT", "v2/refuse/borrower/manifests/v1", elsewhere.content(),
                "Content-Type", Content.OCI_MANIFEST);

        JsonNode body = assertError(response, 400, "MANIFEST_BLOB_UNKNOWN");
        assertEquals(new HashSet<>(elsewhere.references()), errorDigests(body, "MANIFEST_BLOB_UNKNOWN"));
    }

    @ParameterizedTest
    @ValueSource(strings = {Content.OCI_INDEX, Content.DOCKER_LIST})
    void indexWithMissingChildIsRefused(String indexType) {
        String repository = "refuse/index-" + shortName(indexType);
        String childType = Images.childType(indexType);
        Images.Built pushed = Images.image(registry, repository, childType, 26);
        registry.pushManifest(repository, pushed.digest(), childType, pushed.content());
        Images.Built notPushed = Images.image(registry, repository, childType, 27);
        Images.Built index = Images.index(indexType, List.of(pushed, notPushed), List.of("amd64", "arm64"));

        HttpResponse<byte[]> response = registry.send("PUT", "v2/" + repository + "/manifests/multi", index.content(),
                "Content-Type", indexType);

        JsonNode body = assertError(response, 400, "MANIFEST_BLOB_UNKNOWN");
        assertEquals(Set.of(notPushed.digest()), errorDigests(body, "MANIFEST_BLOB_UNKNOWN"));
        assertError(registry.get("v2/" + repository + "/manifests/multi"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void indexWithChildOfAnotherRepositoryIsRefused() {
        Images.Built child = Images.pushAny(registry, "refuse/child-owner", Content.OCI_MANIFEST, "v1", 46);
        Images.Built index = Images.index(Content.OCI_INDEX, List.of(child), List.of("amd64"));

        JsonNode body = assertError(registry.send("PUT", "v2/refuse/child-borrower/manifests/multi", index.content(),
                "Content-Type", Content.OCI_INDEX), 400, "MANIFEST_BLOB_UNKNOWN");
        assertEquals(Set.of(child.digest()), errorDigests(body, "MANIFEST_BLOB_UNKNOWN"));
    }

    @Test
    void manifestReferencingABlobDeletedFromTheRepositoryIsRefused() {
        String repository = "refuse/deleted-layer";
        Images.Built image = Images.image(registry, repository, Content.OCI_MANIFEST, 47);
        String layer = image.references().get(1);
        assertEquals(202, registry.delete("v2/" + repository + "/blobs/" + layer).statusCode());

        JsonNode body = assertError(registry.send("PUT", "v2/" + repository + "/manifests/v1", image.content(),
                "Content-Type", Content.OCI_MANIFEST), 400, "MANIFEST_BLOB_UNKNOWN");
        assertEquals(Set.of(layer), errorDigests(body, "MANIFEST_BLOB_UNKNOWN"));
    }

    @Test
    void foreignLayersNeedNotBeInTheRegistry() {
        String repository = "accept/foreign";
        byte[] config = "{\"os\":\"windows\",\"architecture\":\"amd64\"}".getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(repository, config);
        String foreign = Content.sha256("a windows base layer".getBytes(StandardCharsets.UTF_8));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + Content.DOCKER_MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip\",\"digest\":\"" + foreign
                + "\",\"size\":1000,\"urls\":[\"https://example.com/layer\"]}]}").getBytes(StandardCharsets.UTF_8);

        registry.pushManifest(repository, "windows", Content.DOCKER_MANIFEST, manifest);

        assertArrayEquals(manifest, registry.get("v2/" + repository + "/manifests/windows").body());
    }

    @Test
    void descriptorWithMalformedDigestIsRefused() {
        String repository = "refuse/descriptor-digest";
        Images.Built image = Images.image(registry, repository, Content.OCI_MANIFEST, 48);
        String layer = image.references().get(1);
        byte[] broken = new String(image.content(), StandardCharsets.UTF_8).replace(layer, "sha256:nothex")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<byte[]> response = registry.send("PUT", "v2/" + repository + "/manifests/v1", broken,
                "Content-Type", Content.OCI_MANIFEST);

        assertEquals(400, response.statusCode(), () -> RegistryClient.text(response));
        String code = ErrorBodies.assertWellFormed(response).get(0);
        assertTrue(Set.of("MANIFEST_INVALID", "DIGEST_INVALID").contains(code), () -> RegistryClient.text(response));
    }

    @Test
    void streamedManifestIsAcceptedAndStreamedOversizedIs413() {
        String repository = "accept/streamed";
        Images.Built image = Images.image(registry, repository, Content.OCI_MANIFEST, 49);

        HttpResponse<byte[]> pushed = RawHttp.streamed(registry, "PUT", "v2/" + repository + "/manifests/v1",
                image.content(), "Content-Type", Content.OCI_MANIFEST);
        assertEquals(201, pushed.statusCode(), () -> RegistryClient.text(pushed));
        assertEquals(image.digest(), header(pushed, "Docker-Content-Digest"));

        HttpResponse<byte[]> large = RawHttp.streamed(registry, "PUT", "v2/" + repository + "/manifests/v2",
                padded(image.content(), 4 * 1024 * 1024 + 100), "Content-Type", Content.OCI_MANIFEST);
        assertError(large, 413, "MANIFEST_INVALID");
    }

    @Test
    void schema1IsRefusedAsInvalid() {
        String repository = "refuse/schema1";
        byte[] layer = Content.random(100, 28);
        String layerDigest = registry.pushBlob(repository, layer);
        byte[] schema1 = ("{\"schemaVersion\":1,\"name\":\"refuse/schema1\",\"tag\":\"v1\",\"architecture\":\"amd64\","
                + "\"fsLayers\":[{\"blobSum\":\"" + layerDigest + "\"}],\"history\":[{\"v1Compatibility\":\"{}\"}],"
                + "\"signatures\":[]}").getBytes(StandardCharsets.UTF_8);

        for (String type : List.of("application/vnd.docker.distribution.manifest.v1+prettyjws",
                "application/vnd.docker.distribution.manifest.v1+json", "application/json")) {
            HttpResponse<byte[]> response = registry.send("PUT", "v2/" + repository + "/manifests/v1", schema1,
                    "Content-Type", type);
            assertError(response, 400, "MANIFEST_INVALID");
            ErrorBodies.assertWellFormed(response);
        }
        assertError(registry.get("v2/" + repository + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void malformedJsonIsRefusedAsInvalid() {
        String repository = "refuse/json";
        Images.Built valid = Images.image(registry, repository, Content.OCI_MANIFEST, 29);
        String text = new String(valid.content(), StandardCharsets.UTF_8);
        List<String> broken = List.of(
                text.substring(0, text.length() - 1), // truncated
                "not json at all",
                "[" + text + "]",
                "",
                text.replace("\"schemaVersion\":2", "\"schemaVersion\":3"),
                text.replace("\"size\":", "\"size\":-"));
        for (String body : broken) {
            HttpResponse<byte[]> response = registry.send("PUT", "v2/" + repository + "/manifests/v1",
                    body.getBytes(StandardCharsets.UTF_8), "Content-Type", Content.OCI_MANIFEST);
            assertError(response, 400, "MANIFEST_INVALID");
            ErrorBodies.assertWellFormed(response);
        }
        assertError(registry.get("v2/" + repository + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void contentTypeThatContradictsTheManifestIsRefused() {
        String repository = "refuse/content-type";
        Images.Built manifest = Images.image(registry, repository, Content.OCI_MANIFEST, 30);

        assertError(registry.send("PUT", "v2/" + repository + "/manifests/v1", manifest.content(),
                "Content-Type", Content.DOCKER_MANIFEST), 400, "MANIFEST_INVALID");
    }

    @Test
    void manifestOverFourMebibytesIsRefusedWith413() {
        String repository = "refuse/large";
        Images.Built small = Images.image(registry, repository, Content.OCI_MANIFEST, 31);
        byte[] large = padded(small.content(), 4 * 1024 * 1024 + 1);

        HttpResponse<byte[]> response = registry.send("PUT", "v2/" + repository + "/manifests/v1", large,
                "Content-Type", Content.OCI_MANIFEST);

        assertError(response, 413, "MANIFEST_INVALID");
        assertError(registry.get("v2/" + repository + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void manifestOfExactlyFourMebibytesIsAccepted() {
        String repository = "accept/large";
        Images.Built small = Images.image(registry, repository, Content.OCI_MANIFEST, 32);
        byte[] large = padded(small.content(), 4 * 1024 * 1024);

        HttpResponse<byte[]> pushed = registry.pushManifest(repository, "v1", Content.OCI_MANIFEST, large);

        assertEquals(Content.sha256(large), header(pushed, "Docker-Content-Digest"));
        assertArrayEquals(large, registry.get("v2/" + repository + "/manifests/v1").body());
    }

    @Test
    void putByDigestOfOtherContentIsDigestInvalid() {
        String repository = "refuse/digest";
        Images.Built manifest = Images.image(registry, repository, Content.OCI_MANIFEST, 33);
        String wrong = Content.sha256("something else".getBytes(StandardCharsets.UTF_8));

        assertError(registry.send("PUT", "v2/" + repository + "/manifests/" + wrong, manifest.content(),
                "Content-Type", Content.OCI_MANIFEST), 400, "DIGEST_INVALID");
        assertError(registry.get("v2/" + repository + "/manifests/" + wrong), 404, "MANIFEST_UNKNOWN");
        assertError(registry.get("v2/" + repository + "/manifests/" + manifest.digest()), 404, "MANIFEST_UNKNOWN");

        HttpResponse<byte[]> right = registry.pushManifest(repository, manifest.digest(), Content.OCI_MANIFEST,
                manifest.content());
        assertEquals(manifest.digest(), header(right, "Docker-Content-Digest"));
        assertEquals(200, registry.get("v2/" + repository + "/manifests/" + manifest.digest()).statusCode());
    }

    @Test
    void manifestPushedBySha512DigestIsServedByIt() {
        String repository = "digest/sha512";
        Images.Built manifest = Images.image(registry, repository, Content.OCI_MANIFEST, 52);
        String sha512 = Content.sha512(manifest.content());

        HttpResponse<byte[]> pushed = registry.pushManifest(repository, sha512, Content.OCI_MANIFEST, manifest.content());

        assertEquals(sha512, header(pushed, "Docker-Content-Digest"));
        HttpResponse<byte[]> pulled = registry.get("v2/" + repository + "/manifests/" + sha512);
        assertEquals(200, pulled.statusCode(), () -> RegistryClient.text(pulled));
        assertArrayEquals(manifest.content(), pulled.body());
        assertEquals(sha512, header(pulled, "Docker-Content-Digest"));
    }

    @Test
    void ociManifestWithoutMediaTypeFieldIsServedWithThePushedType() {
        String repository = "accept/no-media-type";
        Images.Built image = Images.image(registry, repository, Content.OCI_MANIFEST, 53);
        byte[] bare = new String(image.content(), StandardCharsets.UTF_8)
                .replace("\"mediaType\":\"" + Content.OCI_MANIFEST + "\",", "").getBytes(StandardCharsets.UTF_8);
        assertTrue(!new String(bare, StandardCharsets.UTF_8).contains(Content.OCI_MANIFEST));

        registry.pushManifest(repository, "v1", Content.OCI_MANIFEST, bare);

        HttpResponse<byte[]> pulled = registry.get("v2/" + repository + "/manifests/v1", "Accept", Content.OCI_MANIFEST);
        assertEquals(200, pulled.statusCode());
        assertArrayEquals(bare, pulled.body());
        assertEquals(Content.OCI_MANIFEST, header(pulled, "Content-Type"));
    }

    @Test
    void invalidTagsAreRefused() {
        String repository = "refuse/tag";
        Images.Built manifest = Images.image(registry, repository, Content.OCI_MANIFEST, 34);

        for (String tag : List.of("-bad", ".bad", "a".repeat(129), "bad%21tag")) {
            HttpResponse<byte[]> response = registry.send("PUT", "v2/" + repository + "/manifests/" + tag,
                    manifest.content(), "Content-Type", Content.OCI_MANIFEST);
            assertError(response, 400, "TAG_INVALID");
            ErrorBodies.assertWellFormed(response);
        }
        String longest = "_" + "a".repeat(127);
        registry.pushManifest(repository, longest, Content.OCI_MANIFEST, manifest.content());
        assertEquals(List.of(longest), tags(repository), "a 128-character tag is valid");
    }

    @Test
    void pushingAnotherManifestUnderATagMovesTheTag() {
        String repository = "retag/app";
        Images.Built first = Images.pushAny(registry, repository, Content.OCI_MANIFEST, "latest", 35);
        Images.Built second = Images.pushAny(registry, repository, Content.OCI_MANIFEST, "latest", 36);
        assertNotEquals(first.digest(), second.digest());

        HttpResponse<byte[]> latest = registry.get("v2/" + repository + "/manifests/latest");
        assertArrayEquals(second.content(), latest.body());
        assertEquals(second.digest(), header(latest, "Docker-Content-Digest"));
        assertEquals(200, registry.get("v2/" + repository + "/manifests/" + first.digest()).statusCode(),
                "the old manifest stays reachable by digest");
        assertEquals(List.of("latest"), tags(repository));
    }

    @Test
    void manifestWithSubjectAnswersOciSubject() {
        String repository = "subject/app";
        Images.Built image = Images.pushAny(registry, repository, Content.OCI_MANIFEST, "v1", 37);
        byte[] emptyConfig = "{}".getBytes(StandardCharsets.UTF_8);
        String emptyDigest = registry.pushBlob(repository, emptyConfig);
        byte[] signature = Content.random(64, 38);
        String signatureDigest = registry.pushBlob(repository, signature);
        byte[] artifact = ("{\"schemaVersion\":2,\"mediaType\":\"" + Content.OCI_MANIFEST + "\","
                + "\"artifactType\":\"application/vnd.example.signature\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + emptyDigest
                + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.example.signature\",\"digest\":\"" + signatureDigest
                + "\",\"size\":64}],"
                + "\"subject\":{\"mediaType\":\"" + Content.OCI_MANIFEST + "\",\"digest\":\"" + image.digest()
                + "\",\"size\":" + image.size() + "}}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<byte[]> pushed = registry.pushManifest(repository, Content.sha256(artifact), Content.OCI_MANIFEST,
                artifact);

        assertEquals(image.digest(), header(pushed, "OCI-Subject"));
        HttpResponse<byte[]> plain = registry.pushManifest(repository, "v2", Content.OCI_MANIFEST, image.content());
        assertEquals(null, header(plain, "OCI-Subject"), "only a manifest with a subject answers OCI-Subject");
    }

    @Test
    void manifestIsStoredByteForByteWhateverItsFormatting() {
        String repository = "bytes/app";
        byte[] config = "{\"os\":\"linux\",\"architecture\":\"amd64\"}".getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(repository, config);
        byte[] layer = Content.random(321, 39);
        String layerDigest = registry.pushBlob(repository, layer);
        // Keys out of the usual order, tabs, CRLF, spaces around colons, a raw non-ASCII character
        // next to its \\u escape, a trailing newline: any re-serialisation would change the digest.
        String text = "\r\n{ \"layers\" :\t[ {\"size\": 321 , \"digest\":\"" + layerDigest + "\",\n"
                + "     \"mediaType\" : \"application/vnd.oci.image.layer.v1.tar+gzip\"}\n ],\r\n"
                + "\t\"annotations\": {\"note\": \"caf\u00e9 \\u00e9 \\/ \\\"quoted\\\"\", \"empty\": \"\"},\n"
                + "  \"config\":{\"digest\":\"" + configDigest + "\",\"size\":" + config.length
                + ",\"mediaType\":\"application/vnd.oci.image.config.v1+json\"},\n"
                + "  \"mediaType\": \"" + Content.OCI_MANIFEST + "\",   \"schemaVersion\" : 2 }\n\n";
        byte[] manifest = text.getBytes(StandardCharsets.UTF_8);
        String digest = Content.sha256(manifest);

        HttpResponse<byte[]> pushed = registry.pushManifest(repository, "odd", Content.OCI_MANIFEST, manifest);

        assertEquals(digest, header(pushed, "Docker-Content-Digest"), "the digest is sha256 of exactly the pushed bytes");
        for (String reference : List.of("odd", digest)) {
            HttpResponse<byte[]> pulled = registry.get("v2/" + repository + "/manifests/" + reference);
            assertArrayEquals(manifest, pulled.body(), reference);
            assertEquals(digest, header(pulled, "Docker-Content-Digest"), reference);
            assertEquals(Integer.toString(manifest.length), header(pulled, "Content-Length"), reference);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private List<String> tags(String repository) {
        HttpResponse<byte[]> response = registry.get("v2/" + repository + "/tags/list");
        assertEquals(200, response.statusCode(), () -> RegistryClient.text(response));
        List<String> tags = new java.util.ArrayList<>();
        RegistryClient.json(response).path("tags").forEach(tag -> tags.add(tag.asText()));
        return tags;
    }

    private static Set<String> errorDigests(JsonNode body, String code) {
        Set<String> digests = new HashSet<>();
        for (JsonNode error : body.path("errors")) {
            assertEquals(code, error.path("code").asText(), () -> "every error must be " + code + ": " + body);
            String digest = error.path("detail").path("digest").asText("");
            assertTrue(!digest.isEmpty(), () -> "every error needs detail.digest: " + body);
            digests.add(digest);
        }
        return digests;
    }

    /** The manifest with an annotation that pads it to exactly {@code size} bytes. */
    private static byte[] padded(byte[] manifest, int size) {
        String text = new String(manifest, StandardCharsets.UTF_8);
        String prefix = text.substring(0, text.length() - 1) + ",\"annotations\":{\"pad\":\"";
        String suffix = "\"}}";
        int padding = size - prefix.length() - suffix.length();
        byte[] result = (prefix + "x".repeat(padding) + suffix).getBytes(StandardCharsets.UTF_8);
        assertEquals(size, result.length);
        return result;
    }

    private static String shortName(String type) {
        return switch (type) {
            case Content.OCI_MANIFEST -> "oci";
            case Content.OCI_INDEX -> "oci-index";
            case Content.DOCKER_MANIFEST -> "docker";
            case Content.DOCKER_LIST -> "docker-list";
            default -> throw new IllegalArgumentException(type);
        };
    }
}
