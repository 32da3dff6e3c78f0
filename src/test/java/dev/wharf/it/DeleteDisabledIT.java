package dev.wharf.it;

import static dev.wharf.it.support.RegistryClient.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.ErrorBodies;
import dev.wharf.it.support.Images;
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

/**
 * With {@code storage.delete.enabled=false} (distribution's default) every delete of a manifest,
 * tag or blob is {@code 405 UNSUPPORTED} and changes nothing; cancelling an upload is not a
 * delete of content and still works.
 */
@ExtendWith(ArquillianExtension.class)
class DeleteDisabledIT {
    private static final String CONTEXT = "deletedisabled";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war(CONTEXT, Deployments.filesystem(CONTEXT, false));
    }

    @ArquillianResource
    URL base;

    RegistryClient registry;

    @BeforeEach
    void connect() {
        registry = new RegistryClient(base);
    }

    @Test
    void deletingAManifestByTagIsUnsupportedAndKeepsTheTag() {
        Images.Built image = Images.pushAny(registry, "nodelete/tag", Content.OCI_MANIFEST, "v1", 1);

        HttpResponse<byte[]> response = registry.delete("v2/nodelete/tag/manifests/v1");

        assertError(response, 405, "UNSUPPORTED");
        ErrorBodies.assertWellFormed(response);
        assertArrayEquals(image.content(), registry.get("v2/nodelete/tag/manifests/v1").body());
        assertEquals("v1", RegistryClient.json(registry.get("v2/nodelete/tag/tags/list")).path("tags").path(0).asText());
    }

    @Test
    void deletingAManifestByDigestIsUnsupportedAndKeepsIt() {
        Images.Built image = Images.pushAny(registry, "nodelete/digest", Content.OCI_INDEX, "v1", 2);

        assertError(registry.delete("v2/nodelete/digest/manifests/" + image.digest()), 405, "UNSUPPORTED");

        assertArrayEquals(image.content(), registry.get("v2/nodelete/digest/manifests/" + image.digest()).body());
        assertArrayEquals(image.content(), registry.get("v2/nodelete/digest/manifests/v1").body());
        for (String child : image.references()) {
            assertEquals(200, registry.get("v2/nodelete/digest/manifests/" + child).statusCode());
        }
    }

    @Test
    void deletingABlobIsUnsupportedAndKeepsIt() {
        byte[] blob = Content.random(1_000, 3);
        String digest = registry.pushBlob("nodelete/blob", blob);

        assertError(registry.delete("v2/nodelete/blob/blobs/" + digest), 405, "UNSUPPORTED");

        assertArrayEquals(blob, registry.get("v2/nodelete/blob/blobs/" + digest).body());
    }

    @Test
    void deletingWhatDoesNotExistIsUnsupportedToo() {
        String missing = Content.sha256("missing".getBytes());
        registry.pushBlob("nodelete/missing", Content.random(10, 4));

        for (String path : List.of("v2/nodelete/missing/manifests/nope", "v2/nodelete/missing/manifests/" + missing,
                "v2/nodelete/missing/blobs/" + missing)) {
            assertError(registry.delete(path), 405, "UNSUPPORTED");
        }
    }

    @Test
    void cancellingAnUploadStillWorks() {
        HttpResponse<byte[]> started = registry.send("POST", "v2/nodelete/upload/blobs/uploads/", null);
        String location = RegistryClient.header(started, "Location");

        assertEquals(204, registry.delete(location).statusCode());
        assertError(registry.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    }
}
