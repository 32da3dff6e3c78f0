package dev.wharf.it;

import static dev.wharf.it.support.RegistryClient.assertError;
import static dev.wharf.it.support.RegistryClient.assertErrorBrief;
import static dev.wharf.it.support.RegistryClient.brief;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What real clients see of Wharf as a pull-through cache, whatever auth the upstream wants: each
 * subclass deploys Wharf (as {@code ROOT}) mirroring its own distribution 2.8, which this class
 * populates with skopeo (a multi-layer OCI image, a multi-arch OCI index, a Docker schema2
 * image). Through Wharf, skopeo copies them out with the upstream's digests, podman pulls them,
 * pushes and deletes are refused with {@code 405 UNSUPPORTED}, and no response ever carries the
 * upstream credentials.
 */
@ExtendWith(ArquillianExtension.class)
abstract class MirrorClientsContract {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Class<?>, Images> POPULATED = new ConcurrentHashMap<>();

    /**
     * A subclass's upstream: the registry, the {@code user:password} that may push to it ({@code null}:
     * anonymous), the strings no Wharf response may contain, and a repository prefix of its own.
     */
    protected record Upstream(Distribution distribution, String pushCredentials, List<String> secrets, String prefix) {}

    /** What was pushed upstream, with the digests the upstream serves them under. */
    protected record Images(OciLayout.Written single, OciLayout.Written amd64, OciLayout.Written arm64, OciLayout.Written index,
            String dockerDigest, Path layout) {}

    protected abstract Upstream upstream();

    @ArquillianResource
    URL base;

    RegistryClient wharf;
    String host;
    Path work;
    Images images;

    @BeforeEach
    void setUpMirror() throws IOException {
        wharf = new RegistryClient(base);
        host = "localhost:" + base.getPort();
        // under target/it-data/<launch>, which every integration-test run starts without
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-data",
                System.getProperty("arquillian.launch", "default"))), upstream().prefix());
        images = POPULATED.computeIfAbsent(getClass(), type -> populate());
    }

    /** Pushes the test images to the upstream with skopeo, with the upstream's credentials. */
    private Images populate() {
        Upstream upstream = upstream();
        Path layout = Deployments.freshDirectory(upstream.prefix() + "-images");
        OciLayout oci = new OciLayout(layout);
        OciLayout.Written single = oci.image("amd64", 4, seed(1));
        OciLayout.Written amd64 = oci.image("amd64", 2, seed(2));
        OciLayout.Written arm64 = oci.image("arm64", 2, seed(3));
        OciLayout.Written index = oci.index(List.of(amd64, arm64), List.of("amd64", "arm64"));
        OciLayout.Written forDocker = oci.image("amd64", 2, seed(4));
        oci.tag(single, Content.OCI_MANIFEST, "single");
        oci.tag(index, Content.OCI_INDEX, "multi");
        oci.tag(forDocker, Content.OCI_MANIFEST, "docker");

        Tools.run(toUpstream("copy", "oci:" + layout + ":single", upstreamRef("single:v1")));
        Tools.run(toUpstream("copy", "--all", "oci:" + layout + ":multi", upstreamRef("multi:latest")));
        Tools.run(toUpstream("copy", "--format", "v2s2", "oci:" + layout + ":docker", upstreamRef("docker:v2s2")));

        assertEquals(single.digest(), upstreamDigest("single:v1"));
        assertEquals(index.digest(), upstreamDigest("multi:latest"));
        String dockerDigest = upstreamDigest("docker:v2s2");
        return new Images(single, amd64, arm64, index, dockerDigest, layout);
    }

    private long seed(int n) {
        return Math.abs((long) upstream().prefix().hashCode()) % 10_000 * 10 + n;
    }

    /** {@code <prefix>/<name>}, a repository of this class. */
    String repo(String name) {
        return upstream().prefix() + "/" + name;
    }

    private String upstreamRef(String nameAndTag) {
        return "docker://" + upstream().distribution().host() + "/" + repo(nameAndTag);
    }

    String wharfRef(String nameAndTag) {
        return "docker://" + host + "/" + repo(nameAndTag);
    }

    private String[] toUpstream(String... args) {
        List<String> command = new ArrayList<>(List.of("skopeo", args[0], "--dest-tls-verify=false"));
        if (upstream().pushCredentials() == null) {
            command.add("--dest-no-creds");
        } else {
            command.add("--dest-creds");
            command.add(upstream().pushCredentials());
        }
        command.addAll(List.of(args).subList(1, args.length));
        return command.toArray(String[]::new);
    }

    private String upstreamDigest(String nameAndTag) {
        List<String> command = new ArrayList<>(List.of("skopeo", "inspect", "--raw", "--tls-verify=false"));
        if (upstream().pushCredentials() == null) {
            command.add("--no-creds");
        } else {
            command.add("--creds");
            command.add(upstream().pushCredentials());
        }
        command.add(upstreamRef(nameAndTag));
        return Content.sha256(Tools.run(command.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void skopeoCopiesSingleArchImageWithTheUpstreamsDigests() throws IOException {
        Path pulled = work.resolve("pulled");
        Tools.run("skopeo", "copy", "--src-tls-verify=false", "--src-no-creds", wharfRef("single:v1"), "oci:" + pulled + ":v1");

        JsonNode index = JSON.readTree(pulled.resolve("index.json").toFile());
        assertEquals(images.single().digest(), index.path("manifests").path(0).path("digest").asText());
        assertBlobsIntact(pulled, images.single().layerDigests());
        assertEquals(4, images.single().layerDigests().size());

        String byDigest = Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", "--no-creds",
                "docker://" + host + "/" + repo("single") + "@" + images.single().digest());
        assertEquals(images.single().digest(), Content.sha256(byDigest.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<byte[]> manifest = wharf.get("v2/" + repo("single") + "/manifests/v1", "Accept", Content.OCI_MANIFEST);
        assertEquals(200, manifest.statusCode(), () -> RegistryClient.text(manifest));
        assertEquals(Content.OCI_MANIFEST, RegistryClient.header(manifest, "Content-Type"));
        assertEquals(images.single().digest(), RegistryClient.header(manifest, "Docker-Content-Digest"));
    }

    @Test
    void skopeoCopiesMultiArchIndexWithAll() throws IOException {
        Path pulled = work.resolve("pulled");
        Tools.run("skopeo", "copy", "--all", "--src-tls-verify=false", "--src-no-creds", wharfRef("multi:latest"),
                "oci:" + pulled + ":multi");

        JsonNode index = JSON.readTree(pulled.resolve("index.json").toFile());
        assertEquals(images.index().digest(), index.path("manifests").path(0).path("digest").asText());
        List<String> expected = new ArrayList<>(List.of(images.index().digest(), images.amd64().digest(), images.arm64().digest()));
        expected.addAll(images.amd64().layerDigests());
        expected.addAll(images.arm64().layerDigests());
        assertBlobsIntact(pulled, expected);

        HttpResponse<byte[]> child = wharf.get("v2/" + repo("multi") + "/manifests/" + images.arm64().digest(),
                "Accept", Content.OCI_MANIFEST);
        assertEquals(200, child.statusCode(), () -> RegistryClient.text(child));
        assertEquals(images.arm64().digest(), Content.sha256(child.body()));
    }

    @Test
    void skopeoCopiesDockerSchema2Image() throws IOException {
        String raw = Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", "--no-creds", wharfRef("docker:v2s2"));
        assertEquals(images.dockerDigest(), Content.sha256(raw.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<byte[]> manifest = wharf.get("v2/" + repo("docker") + "/manifests/v2s2",
                "Accept", Content.DOCKER_MANIFEST + ", " + Content.OCI_MANIFEST);
        assertEquals(200, manifest.statusCode(), () -> RegistryClient.text(manifest));
        assertEquals(Content.DOCKER_MANIFEST, RegistryClient.header(manifest, "Content-Type"));
        assertEquals(images.dockerDigest(), Content.sha256(manifest.body()));

        Path pulled = work.resolve("pulled");
        Tools.run("skopeo", "copy", "--src-tls-verify=false", "--src-no-creds", wharfRef("docker:v2s2"), "dir:" + pulled);
        assertEquals(images.dockerDigest(), Content.sha256(Files.readAllBytes(pulled.resolve("manifest.json"))));
        JsonNode docker = JSON.readTree(pulled.resolve("manifest.json").toFile());
        List<String> blobs = new ArrayList<>();
        blobs.add(docker.path("config").path("digest").asText());
        docker.path("layers").forEach(layer -> blobs.add(layer.path("digest").asText()));
        assertEquals(3, blobs.size());
        for (String blob : blobs) {
            assertEquals(blob, Content.sha256(Files.readAllBytes(pulled.resolve(blob.substring("sha256:".length())))));
        }
    }

    @Test
    void podmanPullsSingleAndMultiArchImages() throws IOException {
        // podman refuses a runroot path longer than 50 characters: a short directory, removed afterwards
        Path storage = Files.createTempDirectory(Path.of("target"), "pm");
        try {
            podmanPulls(storage);
        } finally {
            try (Stream<Path> paths = Files.walk(storage)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void podmanPulls(Path storage) {
        String[] podman = {"podman", "--root", storage.resolve("root").toString(), "--runroot", storage.resolve("run").toString(),
                "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs", "--events-backend", "file"};
        String single = host + "/" + repo("single:v1");
        Tools.run(concat(podman, "pull", "--tls-verify=false", single));
        assertEquals(images.single().digest(), Tools.run(concat(podman, "image", "inspect", "--format", "{{.Digest}}", single)).trim());
        assertEquals(configHex(images.single()), Tools.run(concat(podman, "image", "inspect", "--format", "{{.Id}}", single)).trim());

        String multi = host + "/" + repo("multi:latest");
        Tools.run(concat(podman, "pull", "--tls-verify=false", "--arch", "amd64", multi));
        assertEquals(configHex(images.amd64()), Tools.run(concat(podman, "image", "inspect", "--format", "{{.Id}}", multi)).trim());
        String repoDigests = Tools.run(concat(podman, "image", "inspect", "--format", "{{.RepoDigests}}", multi));
        assertTrue(repoDigests.contains(images.index().digest()) || repoDigests.contains(images.amd64().digest()), repoDigests);
        Tools.run(concat(podman, "pull", "--tls-verify=false", "--arch", "arm64", multi));
        assertEquals(configHex(images.arm64()), Tools.run(concat(podman, "image", "inspect", "--format", "{{.Id}}", multi)).trim());
        Tools.run(concat(podman, "rmi", "--all", "--force"));
    }

    @Test
    void pushesAndDeletesThroughTheMirrorAreRefused() {
        Distribution upstream = upstream().distribution();
        int upstreamWrites = upstreamWrites(upstream);

        assertNotEquals(0, Tools.tryRun("skopeo", "copy", "--dest-tls-verify=false", "--dest-no-creds",
                "oci:" + images.layout() + ":single", wharfRef("pushed-through-mirror:v1")).exitCode(),
                "skopeo pushed through a mirror");

        String repository = repo("single");
        byte[] blob = Content.random(1_000, seed(9));
        String digest = Content.sha256(blob);
        for (HttpResponse<byte[]> refused : List.of(
                wharf.send("POST", "v2/" + repository + "/blobs/uploads/", null),
                wharf.send("POST", "v2/" + repository + "/blobs/uploads/?digest=" + digest, blob,
                        "Content-Type", "application/octet-stream"),
                wharf.send("POST", "v2/" + repository + "/blobs/uploads/?mount=" + images.single().layerDigests().get(0)
                        + "&from=" + repo("multi"), null),
                wharf.send("PATCH", "v2/" + repository + "/blobs/uploads/" + UUID.randomUUID(), blob,
                        "Content-Type", "application/octet-stream"),
                wharf.send("PUT", "v2/" + repository + "/blobs/uploads/" + UUID.randomUUID() + "?digest=" + digest, blob,
                        "Content-Type", "application/octet-stream"),
                wharf.send("PUT", "v2/" + repository + "/manifests/pushed", images.single().content(),
                        "Content-Type", Content.OCI_MANIFEST),
                wharf.send("PUT", "v2/" + repository + "/manifests/" + images.single().digest(), images.single().content(),
                        "Content-Type", Content.OCI_MANIFEST),
                wharf.send("DELETE", "v2/" + repository + "/manifests/" + images.single().digest(), null),
                wharf.send("DELETE", "v2/" + repository + "/manifests/v1", null),
                wharf.send("DELETE", "v2/" + repository + "/blobs/" + images.single().layerDigests().get(0), null))) {
            assertErrorBrief(refused, 405, "UNSUPPORTED");
            assertNoSecrets(refused);
        }

        assertEquals(upstreamWrites, upstreamWrites(upstream),
                () -> "Wharf wrote to the upstream: " + upstream.requestsMentioning("/" + repo("")));
        assertEquals(images.single().digest(), upstreamDigest("single:v1"), "the upstream image changed");
        HttpResponse<byte[]> stillThere = wharf.get("v2/" + repository + "/manifests/v1", "Accept", Content.OCI_MANIFEST);
        assertEquals(200, stillThere.statusCode(), () -> RegistryClient.text(stillThere));
        assertEquals(images.single().digest(), Content.sha256(stillThere.body()));
    }

    @Test
    void credentialsNeverAppearInResponses() {
        List<HttpResponse<byte[]>> responses = new ArrayList<>(List.of(
                wharf.get("v2/"),
                wharf.get("v2/" + repo("single") + "/manifests/no-such-tag", "Accept", Content.OCI_MANIFEST),
                wharf.head("v2/" + repo("single") + "/manifests/no-such-tag", "Accept", Content.OCI_MANIFEST),
                wharf.get("v2/" + repo("no-such-repository") + "/manifests/v1", "Accept", Content.OCI_MANIFEST),
                wharf.get("v2/" + repo("single") + "/manifests/sha256:" + "0".repeat(64), "Accept", Content.OCI_MANIFEST),
                wharf.get("v2/" + repo("single") + "/blobs/sha256:" + "0".repeat(64)),
                wharf.head("v2/" + repo("single") + "/blobs/sha256:" + "1".repeat(64)),
                wharf.get("v2/" + repo("no-such-repository") + "/tags/list"),
                wharf.get("v2/" + repo("single") + "/tags/list"),
                wharf.get("v2/" + repo("single") + "/manifests/v1", "Accept", Content.OCI_MANIFEST),
                wharf.get("v2/" + repo("single") + "/manifests/v1", "Accept", "application/x-nothing-matches"),
                wharf.get("v2/" + upstream().prefix() + "/Invalid_Name/manifests/v1"),
                wharf.get("v2/" + repo("single") + "/manifests/sha256:short"),
                wharf.get("v2/_catalog"),
                wharf.send("POST", "v2/" + repo("single") + "/blobs/uploads/", null),
                wharf.get("v2/" + repo("single") + "/blobs/uploads/" + UUID.randomUUID())));
        responses.addAll(extraProbes());
        for (HttpResponse<byte[]> response : responses) {
            assertNoSecrets(response);
        }
        assertError(responses.get(1), 404, "MANIFEST_UNKNOWN");
        assertError(responses.get(5), 404, "BLOB_UNKNOWN");
    }

    /**
     * A blob or manifest cached for one repository is reused for another only when the upstream
     * has it there: for a repository the upstream does not have, Wharf answers 404.
     */
    @Test
    void contentCachedForOneRepositoryIsNotServedForOneTheUpstreamLacks() {
        String layer = images.single().layerDigests().get(1);
        HttpResponse<byte[]> cached = wharf.get("v2/" + repo("single") + "/blobs/" + layer);
        assertEquals(200, cached.statusCode(), () -> brief(cached));
        HttpResponse<byte[]> manifest = wharf.get("v2/" + repo("single") + "/manifests/" + images.single().digest(),
                "Accept", Content.OCI_MANIFEST);
        assertEquals(200, manifest.statusCode(), () -> brief(manifest));

        String elsewhere = repo("not-upstream");
        assertErrorBrief(wharf.get("v2/" + elsewhere + "/blobs/" + layer), 404, "BLOB_UNKNOWN");
        HttpResponse<byte[]> head = wharf.head("v2/" + elsewhere + "/blobs/" + layer);
        assertEquals(404, head.statusCode(), () -> brief(head));
        assertErrorBrief(wharf.get("v2/" + elsewhere + "/manifests/" + images.single().digest(), "Accept", Content.OCI_MANIFEST),
                404, "MANIFEST_UNKNOWN");
    }

    /** More requests whose responses must hold no secret (a subclass provokes upstream auth failures here). */
    protected List<HttpResponse<byte[]>> extraProbes() {
        return List.of();
    }

    void assertNoSecrets(HttpResponse<byte[]> response) {
        String body = new String(response.body() == null ? new byte[0] : response.body(), StandardCharsets.UTF_8);
        String headers = response.headers().map().toString();
        for (String secret : allSecrets()) {
            assertFalse(body.contains(secret), () -> response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + " with a credential in the body: " + body);
            assertFalse(headers.contains(secret), () -> response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + " with a credential in the headers: " + headers);
        }
    }

    /** The configured secrets, each also as {@code user:password} forms in plain and Base64 where given as such. */
    List<String> allSecrets() {
        List<String> all = new ArrayList<>();
        for (String secret : upstream().secrets()) {
            all.add(secret);
            if (secret.contains(":")) {
                all.add(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return all;
    }

    private static int upstreamWrites(Distribution upstream) {
        return (int) upstream.requests().stream().filter(r -> Set.of("POST", "PUT", "PATCH", "DELETE").contains(r.method())).count();
    }

    private static void assertBlobsIntact(Path layout, List<String> expected) throws IOException {
        Path blobs = layout.resolve("blobs/sha256");
        try (Stream<Path> files = Files.list(blobs)) {
            for (Path file : files.toList()) {
                assertEquals("sha256:" + file.getFileName(), Content.sha256(Files.readAllBytes(file)), "corrupt blob " + file);
            }
        }
        for (String digest : expected) {
            assertTrue(Files.exists(blobs.resolve(digest.substring("sha256:".length()))), "missing " + digest);
        }
    }

    private static String configHex(OciLayout.Written image) {
        try {
            return JSON.readTree(image.content()).path("config").path("digest").asText().substring("sha256:".length());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
