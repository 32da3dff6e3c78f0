package dev.wharf.it;

import static dev.wharf.it.support.RegistryClient.assertError;
import static dev.wharf.it.support.RegistryClient.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.RegistryClient;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The basic round trip over HTTP against the WAR in Tomcat: push blobs and a manifest, pull them back. */
@ExtendWith(ArquillianExtension.class)
class PushPullIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("pushpull", Deployments.filesystem("pushpull", true));
    }

    @ArquillianResource
    URL base;

    RegistryClient registry;

    @BeforeEach
    void connect() {
        registry = new RegistryClient(base);
    }

    @Test
    void baseAnswersWithApiVersion() {
        HttpResponse<byte[]> response = registry.get("v2/");
        assertEquals(200, response.statusCode());
        assertEquals("registry/2.0", header(response, "Docker-Distribution-API-Version"));
    }

    @Test
    void pushedImageIsPulledByteForByte() {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes();
        byte[] layer = Content.random(300_000, 1);
        String configDigest = registry.pushBlob("team/app", config);
        String layerDigest = registry.pushBlob("team/app", layer);
        byte[] manifest = Content.imageManifest(Content.OCI_MANIFEST, configDigest, config.length,
                List.<String[]>of(new String[] {layerDigest, Integer.toString(layer.length)}));
        HttpResponse<byte[]> pushed = registry.pushManifest("team/app", "v1", Content.OCI_MANIFEST, manifest);
        assertEquals(Content.sha256(manifest), header(pushed, "Docker-Content-Digest"));
        assertTrue(header(pushed, "Location").endsWith("/pushpull/v2/team/app/manifests/" + Content.sha256(manifest)),
                header(pushed, "Location"));

        HttpResponse<byte[]> byTag = registry.get("v2/team/app/manifests/v1", "Accept", Content.OCI_MANIFEST);
        assertEquals(200, byTag.statusCode());
        assertArrayEquals(manifest, byTag.body());
        assertEquals(Content.OCI_MANIFEST, header(byTag, "Content-Type"));

        HttpResponse<byte[]> blob = registry.get("v2/team/app/blobs/" + layerDigest);
        assertEquals(200, blob.statusCode());
        assertArrayEquals(layer, blob.body());
        assertEquals(layerDigest, header(blob, "Docker-Content-Digest"));

        HttpResponse<byte[]> tags = registry.get("v2/team/app/tags/list");
        assertEquals("v1", RegistryClient.json(tags).path("tags").path(0).asText());
    }

    @Test
    void unknownManifestIsOciError() {
        assertError(registry.get("v2/team/app/manifests/nope"), 404, "MANIFEST_UNKNOWN");
        assertError(registry.get("v2/Team/app/manifests/nope"), 400, "NAME_INVALID");
        assertError(registry.get("v2/team/app/manifests/sha256:totallywrong"), 400, "DIGEST_INVALID");
    }
}
