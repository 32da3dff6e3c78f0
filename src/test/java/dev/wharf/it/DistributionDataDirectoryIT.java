package dev.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.Distribution;
import dev.wharf.it.support.OciLayout;
import dev.wharf.it.support.RegistryClient;
import dev.wharf.it.support.Tools;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Wharf and distribution 2.8 (Debian's docker-registry) share one data directory: what either
 * writes, the other serves with the same digests. Wharf is deployed at the root context since
 * image references carry no path prefix.
 */
@ExtendWith(ArquillianExtension.class)
class DistributionDataDirectoryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CONFIG = Deployments.filesystem("shared-with-distribution", true);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("ROOT", CONFIG);
    }

    @ArquillianResource
    URL base;

    String wharf;
    Path root;
    Path work;

    @BeforeEach
    void setUp() throws IOException {
        wharf = "localhost:" + base.getPort();
        root = Path.of(CONFIG.get("storage/filesystem/rootdirectory"));
        work = Files.createTempDirectory(Path.of("target"), "datadir");
    }

    @Test
    void wharfServesWhatDistributionWrote() throws IOException {
        OciLayout layout = new OciLayout(work.resolve("src"));
        OciLayout.Written amd64 = layout.image("amd64", 2, 51);
        OciLayout.Written arm64 = layout.image("arm64", 3, 52);
        OciLayout.Written index = layout.index(List.of(amd64, arm64), List.of("amd64", "arm64"));
        layout.tag(index, Content.OCI_INDEX, "multi");
        layout.tag(amd64, Content.OCI_MANIFEST, "single");

        try (Distribution distribution = Distribution.start(root, work.resolve("distribution"))) {
            Tools.run("skopeo", "copy", "--all", "--dest-tls-verify=false", "oci:" + layout.directory() + ":multi",
                    "docker://" + distribution.host() + "/written-by/distribution:multi");
            Tools.run("skopeo", "copy", "--format", "v2s2", "--dest-tls-verify=false", "oci:" + layout.directory() + ":single",
                    "docker://" + distribution.host() + "/written-by/distribution:docker");
        }

        assertEquals(index.digest(), rawDigest(wharf, "written-by/distribution:multi"));
        String dockerDigest = rawDigest(wharf, "written-by/distribution:docker");
        Path pulled = work.resolve("pulled");
        Tools.run("skopeo", "copy", "--all", "--src-tls-verify=false", "docker://" + wharf + "/written-by/distribution:multi",
                "oci:" + pulled + ":multi");
        for (OciLayout.Written image : List.of(amd64, arm64)) {
            for (String layer : image.layerDigests()) {
                assertEquals(layer, Content.sha256(Files.readAllBytes(pulled.resolve("blobs/sha256/" + layer.substring(7)))));
            }
        }
        JsonNode tags = RegistryClient.json(new RegistryClient(base).get("v2/written-by/distribution/tags/list"));
        assertEquals("docker", tags.path("tags").path(0).asText());
        assertEquals("multi", tags.path("tags").path(1).asText());
        String inspected = Tools.run("skopeo", "inspect", "--tls-verify=false", "docker://" + wharf + "/written-by/distribution:docker");
        assertEquals(dockerDigest, JSON.readTree(inspected).path("Digest").asText());
    }

    @Test
    void distributionServesWhatWharfWrote() throws IOException {
        OciLayout layout = new OciLayout(work.resolve("src"));
        OciLayout.Written amd64 = layout.image("amd64", 2, 61);
        OciLayout.Written arm64 = layout.image("arm64", 2, 62);
        OciLayout.Written index = layout.index(List.of(amd64, arm64), List.of("amd64", "arm64"));
        layout.tag(index, Content.OCI_INDEX, "multi");
        Tools.run("skopeo", "copy", "--all", "--dest-tls-verify=false", "oci:" + layout.directory() + ":multi",
                "docker://" + wharf + "/written-by/wharf:multi");

        try (Distribution distribution = Distribution.start(root, work.resolve("distribution"))) {
            assertEquals(index.digest(), rawDigest(distribution.host(), "written-by/wharf:multi"));
            Path pulled = work.resolve("pulled");
            Tools.run("skopeo", "copy", "--all", "--src-tls-verify=false",
                    "docker://" + distribution.host() + "/written-by/wharf:multi", "oci:" + pulled + ":multi");
            for (OciLayout.Written image : List.of(amd64, arm64)) {
                Path manifest = pulled.resolve("blobs/sha256/" + image.digest().substring(7));
                assertEquals(image.digest(), Content.sha256(Files.readAllBytes(manifest)));
                for (String layer : image.layerDigests()) {
                    assertEquals(layer, Content.sha256(Files.readAllBytes(pulled.resolve("blobs/sha256/" + layer.substring(7)))));
                }
            }
            String catalog = Tools.run("curl", "-sf", "http://" + distribution.host() + "/v2/_catalog");
            assertEquals(true, JSON.readTree(catalog).path("repositories").toString().contains("written-by/wharf"), catalog);
        }
    }

    private static String rawDigest(String host, String reference) {
        String raw = Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + host + "/" + reference);
        return Content.sha256(raw.getBytes(StandardCharsets.UTF_8));
    }
}
