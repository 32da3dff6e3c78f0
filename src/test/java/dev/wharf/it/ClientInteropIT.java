package dev.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.OciLayout;
import dev.wharf.it.support.RegistryClient;
import dev.wharf.it.support.Tools;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real clients against the WAR in Tomcat: skopeo pushes and pulls single-image and multi-arch
 * images in OCI and Docker schema2 form, podman pulls and pushes. Digests are checked against
 * what was pushed. Deployed at the root context, since image references have no path prefix.
 */
@ExtendWith(ArquillianExtension.class)
class ClientInteropIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("ROOT", Deployments.filesystem("interop", true));
    }

    @ArquillianResource
    URL base;

    RegistryClient registry;
    String host;
    Path work;

    @BeforeEach
    void setUp() throws IOException {
        registry = new RegistryClient(base);
        host = "localhost:" + base.getPort();
        work = Files.createTempDirectory(Path.of("target"), "interop");
    }

    @Test
    void skopeoPushesAndPullsMultiLayerOciImage() throws IOException {
        OciLayout layout = new OciLayout(work.resolve("src"));
        OciLayout.Written image = layout.image("amd64", 3, 11);
        layout.tag(image, Content.OCI_MANIFEST, "v1");

        Tools.run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout.directory() + ":v1",
                "docker://" + host + "/interop/single:v1");

        String raw = Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + host + "/interop/single:v1");
        assertEquals(image.digest(), Content.sha256(raw.getBytes(StandardCharsets.UTF_8)), "manifest pushed and served differ");
        for (String layer : image.layerDigests()) {
            HttpResponse<byte[]> blob = registry.get("v2/interop/single/blobs/" + layer);
            assertEquals(200, blob.statusCode());
            assertEquals(layer, Content.sha256(blob.body()));
        }

        Path pulled = work.resolve("pulled");
        Tools.run("skopeo", "copy", "--src-tls-verify=false", "docker://" + host + "/interop/single:v1", "oci:" + pulled + ":v1");
        JsonNode index = JSON.readTree(pulled.resolve("index.json").toFile());
        assertEquals(image.digest(), index.path("manifests").path(0).path("digest").asText());
        for (String layer : image.layerDigests()) {
            Path blob = pulled.resolve("blobs/sha256/" + layer.substring("sha256:".length()));
            assertEquals(layer, Content.sha256(Files.readAllBytes(blob)));
        }
    }

    @Test
    void skopeoPushesAndPullsMultiArchIndex() throws IOException {
        OciLayout layout = new OciLayout(work.resolve("src"));
        OciLayout.Written amd64 = layout.image("amd64", 2, 21);
        OciLayout.Written arm64 = layout.image("arm64", 2, 22);
        OciLayout.Written index = layout.index(List.of(amd64, arm64), List.of("amd64", "arm64"));
        layout.tag(index, Content.OCI_INDEX, "multi");

        Tools.run("skopeo", "copy", "--all", "--dest-tls-verify=false", "oci:" + layout.directory() + ":multi",
                "docker://" + host + "/interop/multi:latest");

        String raw = Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + host + "/interop/multi:latest");
        assertEquals(index.digest(), Content.sha256(raw.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<byte[]> child = registry.get("v2/interop/multi/manifests/" + arm64.digest(), "Accept", Content.OCI_MANIFEST);
        assertEquals(200, child.statusCode());
        assertEquals(arm64.digest(), Content.sha256(child.body()));

        Path pulled = work.resolve("pulled");
        Tools.run("skopeo", "copy", "--all", "--src-tls-verify=false", "docker://" + host + "/interop/multi:latest",
                "oci:" + pulled + ":multi");
        for (OciLayout.Written image : List.of(amd64, arm64)) {
            Path manifest = pulled.resolve("blobs/sha256/" + image.digest().substring("sha256:".length()));
            assertEquals(image.digest(), Content.sha256(Files.readAllBytes(manifest)));
        }
    }

    @Test
    void skopeoPushesDockerSchema2() throws IOException {
        OciLayout layout = new OciLayout(work.resolve("src"));
        layout.tag(layout.image("amd64", 2, 31), Content.OCI_MANIFEST, "v2s2");

        Tools.run("skopeo", "copy", "--format", "v2s2", "--dest-tls-verify=false", "oci:" + layout.directory() + ":v2s2",
                "docker://" + host + "/interop/docker:v2s2");

        HttpResponse<byte[]> manifest = registry.get("v2/interop/docker/manifests/v2s2", "Accept", Content.DOCKER_MANIFEST);
        assertEquals(200, manifest.statusCode());
        assertEquals(Content.DOCKER_MANIFEST, RegistryClient.header(manifest, "Content-Type"));
        String inspected = Tools.run("skopeo", "inspect", "--tls-verify=false", "docker://" + host + "/interop/docker:v2s2");
        assertEquals(Content.sha256(manifest.body()), JSON.readTree(inspected).path("Digest").asText());
        Tools.run("skopeo", "copy", "--src-tls-verify=false", "docker://" + host + "/interop/docker:v2s2",
                "dir:" + work.resolve("pulled"));
        assertTrue(Files.exists(work.resolve("pulled/manifest.json")));
    }

    @Test
    void podmanPullsAndPushes() throws IOException {
        OciLayout layout = new OciLayout(work.resolve("src"));
        OciLayout.Written image = layout.image("amd64", 2, 41);
        layout.tag(image, Content.OCI_MANIFEST, "v1");
        Tools.run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout.directory() + ":v1",
                "docker://" + host + "/interop/podman:v1");

        Path storage = work.resolve("podman");
        String[] podman = {"podman", "--root", storage.resolve("root").toString(), "--runroot",
                storage.resolve("run").toString(), "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs",
                "--events-backend", "file"};
        Tools.run(concat(podman, "pull", "--tls-verify=false", host + "/interop/podman:v1"));
        String digest = Tools.run(concat(podman, "image", "inspect", "--format", "{{.Digest}}", host + "/interop/podman:v1")).trim();
        assertEquals(image.digest(), digest);

        Tools.run(concat(podman, "push", "--tls-verify=false", host + "/interop/podman:v1", host + "/interop/pushed-by-podman:v1"));
        HttpResponse<byte[]> pushed = registry.get("v2/interop/pushed-by-podman/manifests/v1",
                "Accept", Content.OCI_MANIFEST + ", " + Content.DOCKER_MANIFEST);
        assertEquals(200, pushed.statusCode(), RegistryClient.text(pushed));
        JsonNode manifest = RegistryClient.json(pushed);
        for (JsonNode layer : manifest.path("layers")) {
            HttpResponse<byte[]> blob = registry.head("v2/interop/pushed-by-podman/blobs/" + layer.path("digest").asText());
            assertEquals(200, blob.statusCode());
        }
        Tools.run(concat(podman, "rmi", "--all", "--force"));
        Tools.run(concat(podman, "pull", "--tls-verify=false", host + "/interop/pushed-by-podman:v1"));
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
