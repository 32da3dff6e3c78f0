package dev.wharf.it;

import static dev.wharf.it.support.RegistryClient.assertError;
import static dev.wharf.it.support.RegistryClient.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.RegistryClient;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The OCI 1.1 referrers API: artifacts that name a subject are listed for it, filtered and removed with it. */
@ExtendWith(ArquillianExtension.class)
class ReferrersIT {
    private static final String EMPTY_CONFIG_TYPE = "application/vnd.oci.empty.v1+json";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("referrers", Deployments.filesystem("referrers", true));
    }

    @ArquillianResource
    URL base;

    RegistryClient registry;

    @BeforeEach
    void connect() {
        registry = new RegistryClient(base);
    }

    @Test
    void listsFiltersAndForgetsReferrers() {
        String repo = "ref/app";
        String subject = pushImage(repo, "v1", 1);
        String signature = pushArtifact(repo, subject, "application/vnd.example.signature", "sig");
        String sbom = pushArtifact(repo, subject, "application/vnd.example.sbom", "sbom");

        HttpResponse<byte[]> all = registry.get("v2/" + repo + "/referrers/" + subject);
        assertEquals(200, all.statusCode());
        assertEquals(Content.OCI_INDEX, header(all, "Content-Type"));
        JsonNode index = RegistryClient.json(all);
        assertEquals(2, index.path("schemaVersion").asInt());
        assertEquals(Set.of(signature, sbom), digests(index));
        for (JsonNode entry : index.path("manifests")) {
            assertEquals(Content.OCI_MANIFEST, entry.path("mediaType").asText());
            String expectedType = entry.path("digest").asText().equals(signature)
                    ? "application/vnd.example.signature" : "application/vnd.example.sbom";
            assertEquals(expectedType, entry.path("artifactType").asText());
            assertEquals("test", entry.path("annotations").path("org.example.kind").asText());
        }

        HttpResponse<byte[]> filtered = registry.get("v2/" + repo + "/referrers/" + subject + "?artifactType=application/vnd.example.sbom");
        assertEquals("artifactType", header(filtered, "OCI-Filters-Applied"));
        assertEquals(Set.of(sbom), digests(RegistryClient.json(filtered)));

        assertEquals(202, registry.delete("v2/" + repo + "/manifests/" + sbom).statusCode());
        assertEquals(Set.of(signature), digests(RegistryClient.json(registry.get("v2/" + repo + "/referrers/" + subject))));
    }

    @Test
    void unknownSubjectHasEmptyIndex() {
        HttpResponse<byte[]> response = registry.get("v2/ref/none/referrers/sha256:" + "0".repeat(64));
        assertEquals(200, response.statusCode());
        assertEquals(0, RegistryClient.json(response).path("manifests").size());
        assertNull(header(response, "OCI-Filters-Applied"));
    }

    @Test
    void referrerMayBePushedBeforeItsSubject() {
        String missingSubject = "sha256:" + "a".repeat(64);
        String artifact = pushArtifact("ref/early", missingSubject, "application/vnd.example.early", "early");
        assertEquals(Set.of(artifact), digests(RegistryClient.json(registry.get("v2/ref/early/referrers/" + missingSubject))));
    }

    @Test
    void malformedDigestIsRejected() {
        assertError(registry.get("v2/ref/app/referrers/sha256:nothex"), 400, "DIGEST_INVALID");
    }

    private String pushImage(String repo, String tag, long seed) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":" + seed + "}").getBytes(StandardCharsets.UTF_8);
        byte[] layer = Content.random(1000, seed);
        String configDigest = registry.pushBlob(repo, config);
        String layerDigest = registry.pushBlob(repo, layer);
        byte[] manifest = Content.imageManifest(Content.OCI_MANIFEST, configDigest, config.length,
                List.<String[]>of(new String[] {layerDigest, Integer.toString(layer.length)}));
        registry.pushManifest(repo, tag, Content.OCI_MANIFEST, manifest);
        return Content.sha256(manifest);
    }

    private String pushArtifact(String repo, String subject, String artifactType, String payload) {
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        String emptyDigest = registry.pushBlob(repo, empty);
        byte[] layer = payload.getBytes(StandardCharsets.UTF_8);
        String layerDigest = registry.pushBlob(repo, layer);
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + Content.OCI_MANIFEST + "\",\"artifactType\":\"" + artifactType
                + "\",\"config\":{\"mediaType\":\"" + EMPTY_CONFIG_TYPE + "\",\"digest\":\"" + emptyDigest + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"application/octet-stream\",\"digest\":\"" + layerDigest + "\",\"size\":"
                + layer.length + "}],\"subject\":{\"mediaType\":\"" + Content.OCI_MANIFEST + "\",\"digest\":\"" + subject
                + "\",\"size\":100},\"annotations\":{\"org.example.kind\":\"test\"}}";
        byte[] manifest = json.getBytes(StandardCharsets.UTF_8);
        String digest = Content.sha256(manifest);
        HttpResponse<byte[]> pushed = registry.pushManifest(repo, digest, Content.OCI_MANIFEST, manifest);
        assertEquals(subject, header(pushed, "OCI-Subject"));
        return digest;
    }

    private static Set<String> digests(JsonNode index) {
        Set<String> digests = new HashSet<>();
        index.path("manifests").forEach(entry -> digests.add(entry.path("digest").asText()));
        return digests;
    }
}
