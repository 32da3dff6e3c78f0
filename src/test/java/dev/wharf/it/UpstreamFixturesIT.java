package dev.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.Distribution;
import dev.wharf.it.support.OciLayout;
import dev.wharf.it.support.RegistryClient;
import dev.wharf.it.support.TokenServer;
import dev.wharf.it.support.Tools;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The upstream fixtures the mirror tests rely on, checked without Wharf: distribution 2.8 with
 * htpasswd and with token auth (through {@link TokenServer}) takes pushes and serves pulls to
 * skopeo with credentials and refuses anonymous pulls, and its request log counts blob GETs,
 * across a stop and restart.
 */
class UpstreamFixturesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void htpasswdAuthTakesCredentialsAndRefusesAnonymous() {
        Path work = Deployments.freshDirectory("fixtures-htpasswd");
        OciLayout layout = new OciLayout(work.resolve("src"));
        OciLayout.Written image = layout.image("amd64", 2, 901);
        layout.tag(image, Content.OCI_MANIFEST, "v1");
        try (Distribution upstream = Distribution.builder(work.resolve("root"), work.resolve("distribution"))
                .htpasswdUser("fixture-user", "fixture-Pa55").start()) {
            String ref = "docker://" + upstream.host() + "/fixtures/basic:v1";
            Tools.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "fixture-user:fixture-Pa55",
                    "oci:" + layout.directory() + ":v1", ref);
            assertEquals(image.digest(), rawDigest(Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds",
                    "fixture-user:fixture-Pa55", ref)));

            assertNotEquals(0, Tools.tryRun("skopeo", "inspect", "--raw", "--tls-verify=false", "--no-creds", ref).exitCode(),
                    "anonymous pull must be refused");
            assertNotEquals(0, Tools.tryRun("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds",
                    "fixture-user:wrong", ref).exitCode(), "wrong password must be refused");
            RegistryClient anonymous = new RegistryClient(upstream.baseUrl());
            HttpResponse<byte[]> refused = anonymous.get("v2/fixtures/basic/manifests/v1", "Accept", Content.OCI_MANIFEST);
            assertEquals(401, refused.statusCode());
            assertTrue(RegistryClient.header(refused, "WWW-Authenticate").startsWith("Basic "),
                    RegistryClient.header(refused, "WWW-Authenticate"));
            String basic = "Basic " + Base64.getEncoder().encodeToString("fixture-user:fixture-Pa55".getBytes(StandardCharsets.UTF_8));
            HttpResponse<byte[]> blob = anonymous.get("v2/fixtures/basic/blobs/" + image.layerDigests().get(0), "Authorization", basic);
            assertEquals(200, blob.statusCode());
            assertEquals(image.layerDigests().get(0), Content.sha256(blob.body()));
            assertEquals(1, upstream.awaitBlobGets(image.layerDigests().get(0), 1, Duration.ofSeconds(5)),
                    () -> "requests: " + upstream.requests());
        }
    }

    @Test
    void tokenAuthGrantsPushToPusherPullToPullerAndRefusesAnonymous() throws Exception {
        Path work = Deployments.freshDirectory("fixtures-token");
        OciLayout layout = new OciLayout(work.resolve("src"));
        OciLayout.Written image = layout.image("amd64", 2, 902);
        layout.tag(image, Content.OCI_MANIFEST, "v1");
        try (TokenServer tokens = TokenServer.builder().pusher("fixture-pusher", "push-Pa55").puller("fixture-puller", "pull-Pa55")
                .start();
                Distribution upstream = Distribution.builder(work.resolve("root"), work.resolve("distribution"))
                        .tokenAuth(tokens).start()) {
            String ref = "docker://" + upstream.host() + "/fixtures/token:v1";
            Tools.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "fixture-pusher:push-Pa55",
                    "oci:" + layout.directory() + ":v1", ref);
            assertTrue(tokens.tokenRequests("fixture-pusher") > 0);
            assertTrue(tokens.requests().stream().anyMatch(r -> r.granted() && r.scopes().contains("repository:fixtures/token:pull,push")),
                    () -> "skopeo asked for " + tokens.requests());

            Path pulled = work.resolve("pulled");
            Tools.run("skopeo", "copy", "--src-tls-verify=false", "--src-creds", "fixture-puller:pull-Pa55", ref, "oci:" + pulled + ":v1");
            for (String layer : image.layerDigests()) {
                assertEquals(layer, Content.sha256(java.nio.file.Files.readAllBytes(pulled.resolve("blobs/sha256/" + layer.substring(7)))));
            }
            assertEquals(1, upstream.awaitBlobGets(image.layerDigests().get(0), 1, Duration.ofSeconds(5)),
                    () -> "requests: " + upstream.requests());

            assertNotEquals(0, Tools.tryRun("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "fixture-puller:pull-Pa55",
                    "oci:" + layout.directory() + ":v1", "docker://" + upstream.host() + "/fixtures/by-puller:v1").exitCode(),
                    "a pull-only user must not push");
            assertNotEquals(0, Tools.tryRun("skopeo", "inspect", "--raw", "--tls-verify=false", "--no-creds", ref).exitCode(),
                    "anonymous pull must be refused");
            assertNotEquals(0, Tools.tryRun("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", "fixture-puller:wrong", ref)
                    .exitCode(), "wrong password must be refused");

            // The protocol by hand: challenge, token, authorised request.
            RegistryClient raw = new RegistryClient(upstream.baseUrl());
            HttpResponse<byte[]> challenge = raw.get("v2/fixtures/token/manifests/v1", "Accept", Content.OCI_MANIFEST);
            assertEquals(401, challenge.statusCode());
            String wwwAuthenticate = RegistryClient.header(challenge, "WWW-Authenticate");
            assertTrue(wwwAuthenticate.startsWith("Bearer realm=\"" + tokens.realm() + "\""), wwwAuthenticate);
            assertTrue(wwwAuthenticate.contains("scope=\"repository:fixtures/token:pull\""), wwwAuthenticate);
            String tokenUrl = tokens.realm() + "?service=" + tokens.service() + "&scope=repository:fixtures/token:pull";
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> anonymousToken = http.send(HttpRequest.newBuilder(URI.create(tokenUrl)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymousToken.statusCode(), "anonymous token requests are refused");
            HttpResponse<String> granted = http.send(HttpRequest.newBuilder(URI.create(tokenUrl + "&account=fixture-puller"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("fixture-puller:pull-Pa55".getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, granted.statusCode());
            JsonNode body = JSON.readTree(granted.body());
            assertEquals(body.path("token").asText(), body.path("access_token").asText());
            assertTrue(body.path("expires_in").asInt() > 0);
            HttpResponse<byte[]> manifest = raw.get("v2/fixtures/token/manifests/v1", "Accept", Content.OCI_MANIFEST,
                    "Authorization", "Bearer " + body.path("token").asText());
            assertEquals(200, manifest.statusCode(), () -> RegistryClient.text(manifest));
            assertEquals(image.digest(), Content.sha256(manifest.body()));
            HttpResponse<byte[]> otherRepo = raw.get("v2/fixtures/other/manifests/v1", "Accept", Content.OCI_MANIFEST,
                    "Authorization", "Bearer " + body.path("token").asText());
            assertEquals(401, otherRepo.statusCode(), "a token is scoped to its repository");
        }
    }

    @Test
    void accessCounterCountsBlobGetsAcrossRestart() {
        Path work = Deployments.freshDirectory("fixtures-counter");
        try (Distribution upstream = Distribution.start(work.resolve("root"), work.resolve("distribution"))) {
            RegistryClient client = new RegistryClient(upstream.baseUrl());
            byte[] content = Content.random(100_000, 903);
            String digest = client.uploadBlob("fixtures/counted", content);
            assertEquals(0, upstream.blobGets(digest));
            assertEquals(200, client.head("v2/fixtures/counted/blobs/" + digest).statusCode());
            assertEquals(200, client.get("v2/fixtures/counted/blobs/" + digest).statusCode());
            assertEquals(1, upstream.awaitBlobGets(digest, 1, Duration.ofSeconds(5)));
            assertEquals(1, upstream.countRequests("HEAD", "/v2/fixtures/counted/blobs/" + digest));
            Distribution.Request get = upstream.requests("GET", "/v2/fixtures/counted/blobs/" + digest).get(0);
            assertEquals(200, get.status());
            assertEquals(content.length, get.written());

            upstream.stop();
            assertTrue(!upstream.isRunning());
            assertThrows(UncheckedIOException.class, () -> client.get("v2/fixtures/counted/blobs/" + digest));
            upstream.restart();
            assertEquals(200, client.get("v2/fixtures/counted/blobs/" + digest).statusCode());
            assertEquals(2, upstream.awaitBlobGets(digest, 2, Duration.ofSeconds(5)));
            assertEquals(0, upstream.blobGets(Content.sha256(new byte[] {1})));
        }
    }

    /**
     * The log gives each request's method and path, so manifest requests count per method (for
     * single-flight tests), and a request made after the clients finished is still counted.
     */
    @Test
    void manifestRequestsAreCountedByMethod() {
        Path work = Deployments.freshDirectory("fixtures-manifests");
        try (Distribution upstream = Distribution.start(work.resolve("root"), work.resolve("distribution"))) {
            RegistryClient client = new RegistryClient(upstream.baseUrl());
            byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
            String configDigest = client.uploadBlob("fixtures/manifests", config);
            byte[] layer = Content.random(1_000, 904);
            String layerDigest = client.uploadBlob("fixtures/manifests", layer);
            byte[] manifest = Content.imageManifest(Content.OCI_MANIFEST, configDigest, config.length,
                    java.util.List.<String[]>of(new String[] {layerDigest, Integer.toString(layer.length)}));
            client.pushManifest("fixtures/manifests", "v1", Content.OCI_MANIFEST, manifest);
            String digest = Content.sha256(manifest);

            assertEquals(200, client.head("v2/fixtures/manifests/manifests/v1", "Accept", Content.OCI_MANIFEST).statusCode());
            assertEquals(200, client.head("v2/fixtures/manifests/manifests/v1", "Accept", Content.OCI_MANIFEST).statusCode());
            assertEquals(200, client.get("v2/fixtures/manifests/manifests/v1", "Accept", Content.OCI_MANIFEST).statusCode());
            assertEquals(200, client.get("v2/fixtures/manifests/manifests/" + digest, "Accept", Content.OCI_MANIFEST).statusCode());
            assertEquals(404, client.head("v2/fixtures/manifests/manifests/v2", "Accept", Content.OCI_MANIFEST).statusCode());
            upstream.awaitQuiet(Distribution.QUIET, Duration.ofSeconds(30));
            assertEquals(java.util.Map.of("GET", 1, "HEAD", 2, "PUT", 1), upstream.manifestRequests("fixtures/manifests", "v1"));
            assertEquals(java.util.Map.of("GET", 1), upstream.manifestRequests("fixtures/manifests", digest));
            assertEquals(java.util.Map.of("HEAD", 1), upstream.manifestRequests("fixtures/manifests", "v2"));

            // a fetch that comes late, a second after the caller's own requests, is still counted
            Thread late = new Thread(() -> {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                client.get("v2/fixtures/manifests/blobs/" + layerDigest);
            });
            late.start();
            assertEquals(1, upstream.awaitBlobGets(layerDigest, 0, Duration.ZERO), "a blob GET one second late was not counted");
        }
    }

    private static String rawDigest(String raw) {
        return Content.sha256(raw.getBytes(StandardCharsets.UTF_8));
    }
}
