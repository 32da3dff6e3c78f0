package dev.wharf.it;

import static dev.wharf.it.support.RegistryClient.assertError;
import static dev.wharf.it.support.RegistryClient.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.ErrorBodies;
import dev.wharf.it.support.Images;
import dev.wharf.it.support.RawHttp;
import dev.wharf.it.support.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How the registry fails: every error an OCI error body with the spec's status, bad names and
 * digests refused before they reach storage, unknown routes and methods answered in JSON, path
 * traversal attempts that never answer 500 and never touch a file outside the storage root, no
 * stack trace or data directory in any body, and the API version header on every response.
 */
@ExtendWith(ArquillianExtension.class)
class ErrorsIT {
    private static final String CONTEXT = "errorsapi";

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

    /** One request of a table-driven test. */
    private record Call(String method, String path, byte[] body, String... headers) {
        static Call of(String method, String path) {
            return new Call(method, path, null);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A representative bad request for every error the API can give, with the status and code expected. */
    private List<Object[]> everyError() {
        Images.Built image = Images.pushAny(registry, "errors/app", Content.OCI_MANIFEST, "v1", 1);
        byte[] blob = Content.random(100, 2);
        String blobDigest = registry.pushBlob("errors/app", blob);
        String missing = Content.sha256("missing".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> started = registry.send("POST", "v2/errors/app/blobs/uploads/", null);
        String upload = header(started, "Location");
        registry.send("PATCH", upload, new byte[10], "Content-Range", "0-9", "Content-Type", "application/octet-stream");
        byte[] missingLayer = Content.imageManifest(Content.OCI_MANIFEST, image.references().get(0), 10,
                List.<String[]>of(new String[] {missing, "7"}));
        return List.of(
                new Object[] {Call.of("GET", "v2/errors/app/manifests/nope"), 404, "MANIFEST_UNKNOWN"},
                new Object[] {Call.of("GET", "v2/errors/app/manifests/" + missing), 404, "MANIFEST_UNKNOWN"},
                new Object[] {Call.of("DELETE", "v2/errors/app/manifests/nope"), 404, "MANIFEST_UNKNOWN"},
                new Object[] {Call.of("GET", "v2/errors/app/blobs/" + missing), 404, "BLOB_UNKNOWN"},
                new Object[] {Call.of("DELETE", "v2/errors/app/blobs/" + missing), 404, "BLOB_UNKNOWN"},
                new Object[] {Call.of("GET", "v2/errors/app/blobs/uploads/nope"), 404, "BLOB_UPLOAD_UNKNOWN"},
                new Object[] {Call.of("GET", "v2/errors/never/tags/list"), 404, "NAME_UNKNOWN"},
                new Object[] {Call.of("GET", "v2/Errors/App/manifests/v1"), 400, "NAME_INVALID"},
                new Object[] {Call.of("GET", "v2/errors/app/manifests/sha256:totallywrong"), 400, "DIGEST_INVALID"},
                new Object[] {Call.of("GET", "v2/errors/app/blobs/sha256:totallywrong"), 400, "DIGEST_INVALID"},
                new Object[] {new Call("PUT", "v2/errors/app/manifests/-bad", image.content(), "Content-Type",
                        Content.OCI_MANIFEST), 400, "TAG_INVALID"},
                new Object[] {new Call("PUT", "v2/errors/app/manifests/v2", "{".getBytes(StandardCharsets.UTF_8),
                        "Content-Type", Content.OCI_MANIFEST), 400, "MANIFEST_INVALID"},
                new Object[] {new Call("PUT", "v2/errors/app/manifests/v2", missingLayer, "Content-Type",
                        Content.OCI_MANIFEST), 400, "MANIFEST_BLOB_UNKNOWN"},
                new Object[] {new Call("PUT", "v2/errors/app/manifests/" + missing, image.content(), "Content-Type",
                        Content.OCI_MANIFEST), 400, "DIGEST_INVALID"},
                new Object[] {Call.of("GET", "v2/errors/app/tags/list?n=-1"), 400, "PAGINATION_NUMBER_INVALID"},
                new Object[] {Call.of("GET", "v2/_catalog?n=abc"), 400, "PAGINATION_NUMBER_INVALID"},
                new Object[] {new Call("GET", "v2/errors/app/blobs/" + blobDigest, null, "Range", "bytes=500-600"), 416, null},
                new Object[] {new Call("PATCH", upload, new byte[5], "Content-Range", "50-54", "Content-Type",
                        "application/octet-stream"), 416, null},
                new Object[] {new Call("POST", "v2/errors/app/blobs/uploads/?digest=" + missing, blob, "Content-Type",
                        "application/octet-stream"), 400, "DIGEST_INVALID"},
                new Object[] {Call.of("PUT", upload), 400, "DIGEST_INVALID"},
                new Object[] {Call.of("POST", "v2/errors/app/manifests/v1"), 405, "UNSUPPORTED"},
                new Object[] {Call.of("GET", "v2/errors/app/nothing"), 404, null});
    }

    @Test
    void everyErrorIsAnOciErrorBodyWithAMessage() {
        for (Object[] row : everyError()) {
            Call call = (Call) row[0];
            HttpResponse<byte[]> response = registry.send(call.method(), call.path(), call.body(), call.headers());
            assertEquals((int) row[1], response.statusCode(), () -> call + ": " + RegistryClient.text(response));
            List<String> codes = ErrorBodies.assertWellFormed(response);
            if (row[2] != null) {
                assertEquals(row[2], codes.get(0), () -> call + ": " + RegistryClient.text(response));
            }
            assertFalse(codes.contains("UNKNOWN"), () -> call + " is a client error, not UNKNOWN: " + RegistryClient.text(response));
        }
    }

    @Test
    void errorBodiesLeakNoStackTraceAndNoDataDirectory() {
        String dataDirectory = dataDirectory().toString();
        for (Object[] row : everyError()) {
            Call call = (Call) row[0];
            HttpResponse<byte[]> response = registry.send(call.method(), call.path(), call.body(), call.headers());
            ErrorBodies.assertNoLeak(new String(response.body(), StandardCharsets.UTF_8), dataDirectory, "it-data",
                    "docker/registry/v2", "/_uploads", "/_layers", "/_manifests");
        }
        for (String target : traversalTargets()) {
            RawHttp.Response response = RawHttp.send(base, "GET", target, null);
            if (isFromRegistry(response)) {
                ErrorBodies.assertNoLeak(response.text(), dataDirectory, "it-data", "docker/registry/v2");
            }
        }
    }

    @Test
    void requestsTheContainerRefusesLeakNoStackTrace() {
        // A raw backslash or an encoded slash never reaches the WAR: Tomcat answers itself. Its
        // stock error page prints the exception and stack trace of a malformed request line,
        // which an operator has to switch off (ErrorReportValve showReport="false").
        org.junit.jupiter.api.Assertions.assertAll(Stream.of("/" + CONTEXT + "/v2/a/blobs/uploads/..\\..\\etc",
                "/" + CONTEXT + "/v2/a%2Fb/manifests/x", "/" + CONTEXT + "/v2/a/manifests/x%00", "/" + CONTEXT + "/v2/a b/tags/list")
                .<org.junit.jupiter.api.function.Executable>map(target -> () -> {
                    RawHttp.Response response = RawHttp.send(base, "GET", target, null);
                    assertTrue(response.status() >= 400 && response.status() < 500, () -> target + ": " + response);
                    ErrorBodies.assertNoLeak(response.text(), dataDirectory().toString());
                }));
    }

    // ---- names and digests --------------------------------------------------------------------

    @Test
    void invalidRepositoryNamesAreNameInvalid() {
        byte[] manifest = Images.image(registry, "names/ok", Content.OCI_MANIFEST, 3).content();
        List<String> invalid = List.of("Team/app", "UPPER", "-lead", "trail-", "a..b", "a___b", "a/_b", "a/.b",
                "%C3%A9t%C3%A9", "a/" + "b".repeat(254));
        for (String name : invalid) {
            assertError(registry.get("v2/" + name + "/manifests/latest"), 400, "NAME_INVALID");
            assertError(registry.get("v2/" + name + "/blobs/" + Content.sha256(new byte[0])), 400, "NAME_INVALID");
            assertError(registry.get("v2/" + name + "/tags/list"), 400, "NAME_INVALID");
            assertError(registry.send("POST", "v2/" + name + "/blobs/uploads/", null), 400, "NAME_INVALID");
            assertError(registry.send("PUT", "v2/" + name + "/manifests/latest", manifest, "Content-Type",
                    Content.OCI_MANIFEST), 400, "NAME_INVALID");
        }
    }

    @Test
    void nameOf255CharactersIsValidAnd256IsNot() {
        String name255 = ("a".repeat(50) + "/").repeat(4) + "b".repeat(51);
        String name256 = name255 + "c";
        assertEquals(255, name255.length());

        byte[] blob = Content.random(10, 4);
        registry.pushBlob(name255, blob);
        assertEquals(200, registry.get("v2/" + name255 + "/blobs/" + Content.sha256(blob)).statusCode());
        assertError(registry.get("v2/" + name255 + "/manifests/latest"), 404, "MANIFEST_UNKNOWN");

        assertError(registry.get("v2/" + name256 + "/manifests/latest"), 400, "NAME_INVALID");
        assertError(registry.send("POST", "v2/" + name256 + "/blobs/uploads/?digest=" + Content.sha256(blob), blob),
                400, "NAME_INVALID");
    }

    @Test
    void malformedDigestsAreDigestInvalid() {
        for (String digest : List.of("sha256:totallywrong", "sha256:" + "A".repeat(64), "sha256:abc", "md5:"
                + "a".repeat(32), "sha256:" + "a".repeat(63) + "g")) {
            assertError(registry.get("v2/digests/app/manifests/" + digest), 400, "DIGEST_INVALID");
            assertError(registry.get("v2/digests/app/blobs/" + digest), 400, "DIGEST_INVALID");
        }
    }

    // ---- routes and methods -------------------------------------------------------------------

    @Test
    void unknownRouteIs404WithJson() {
        for (String path : List.of("v2/x/nothing", "v2/x/blobs", "v2/x/manifests", "v2/x/tags", "v3/", "")) {
            HttpResponse<byte[]> response = registry.get(path);
            assertEquals(404, response.statusCode(), () -> path + ": " + RegistryClient.text(response));
            ErrorBodies.assertWellFormed(response);
        }
    }

    @Test
    void wrongMethodIs405Unsupported() {
        String digest = Content.sha256(new byte[0]);
        for (Call call : List.of(Call.of("POST", "v2/x/manifests/latest"), Call.of("PATCH", "v2/x/manifests/latest"),
                Call.of("POST", "v2/x/blobs/" + digest), Call.of("PUT", "v2/x/blobs/" + digest),
                Call.of("DELETE", "v2/x/tags/list"), Call.of("POST", "v2/_catalog"), Call.of("DELETE", "v2/"))) {
            HttpResponse<byte[]> response = registry.send(call.method(), call.path(), call.body());
            assertError(response, 405, "UNSUPPORTED");
            ErrorBodies.assertWellFormed(response);
        }
    }

    // ---- path traversal -------------------------------------------------------------------------

    @Test
    void pathTraversalNeverFailsWithA500AndNeverLeavesTheStorageRoot() throws IOException {
        Path itData = dataDirectory().getParent();
        Set<String> siblingsBefore = listing(itData);
        Images.Built image = Images.pushAny(registry, "traversal/app", Content.OCI_MANIFEST, "v1", 5);
        byte[] blob = Content.random(64, 6);
        String digest = Content.sha256(blob);

        List<String> targets = new ArrayList<>(traversalTargets());
        for (String target : targets) {
            RawHttp.Response response = RawHttp.send(base, "GET", target, null);
            assertTrue(response.status() < 500, () -> "GET " + target + ": " + response);
        }
        String c = "/" + CONTEXT;
        List<String[]> writes = List.of(
                new String[] {"PUT", c + "/v2/traversal/%2e%2e/%2e%2e/%2e%2e/%2e%2e/escape/manifests/v1"},
                new String[] {"PUT", c + "/v2/../../escape/manifests/v1"},
                new String[] {"PUT", c + "/v2/traversal/app/manifests/%2e%2e"},
                new String[] {"PUT", c + "/v2/traversal/app/manifests/..%2f..%2fescape"},
                new String[] {"POST", c + "/v2/%2e%2e/%2e%2e/escape/blobs/uploads/?digest=" + digest},
                new String[] {"POST", c + "/v2/traversal/%2e%2e/escape/blobs/uploads/"},
                new String[] {"POST", c + "/v2/traversal/app/blobs/uploads/?digest=sha256:..%2F..%2F..%2Fescape"},
                new String[] {"PATCH", c + "/v2/traversal/app/blobs/uploads/%2e%2e"},
                new String[] {"PUT", c + "/v2/traversal/app/blobs/uploads/%2e%2e?digest=" + digest},
                new String[] {"DELETE", c + "/v2/traversal/app/blobs/uploads/%2e%2e"},
                new String[] {"DELETE", c + "/v2/traversal/%2e%2e/%2e%2e/%2e%2e/manifests/v1"},
                new String[] {"DELETE", c + "/v2/traversal/app/blobs/sha256:%2e%2e"});
        for (String[] write : writes) {
            byte[] body = write[1].contains("/manifests/") ? image.content() : blob;
            RawHttp.Response response = RawHttp.send(base, write[0], write[1], write[0].equals("DELETE") ? null : body,
                    "Content-Type", write[1].contains("/manifests/") ? Content.OCI_MANIFEST : "application/octet-stream");
            assertTrue(response.status() >= 400 && response.status() < 500,
                    () -> write[0] + " " + write[1] + " must be refused: " + response);
        }
        // A mount with unusable arguments falls back to an ordinary upload session, as the spec says.
        RawHttp.Response mount = RawHttp.send(base, "POST",
                c + "/v2/traversal/app/blobs/uploads/?mount=sha256:..%2F..%2Fescape&from=..%2F..%2Fescape", null);
        assertEquals(202, mount.status(), mount::toString);

        try (Stream<Path> files = Files.walk(dataDirectory())) {
            List<String> outside = files.filter(Files::isRegularFile)
                    .map(path -> dataDirectory().relativize(path).toString().replace('\\', '/'))
                    .filter(path -> !path.startsWith("docker/registry/v2/"))
                    .toList();
            assertEquals(List.of(), outside, "files outside docker/registry/v2");
        }
        try (Stream<Path> files = Files.walk(dataDirectory())) {
            assertFalse(files.anyMatch(path -> Set.of("escape", "etc", "passwd").contains(path.getFileName().toString())),
                    "a traversal attempt created a file or directory");
        }
        Set<String> siblingsAfter = listing(itData);
        siblingsAfter.removeAll(siblingsBefore);
        siblingsAfter.remove(dataDirectory().getFileName().toString());
        assertEquals(Set.of(), siblingsAfter, "nothing new next to the data directory");
        assertFalse(Files.exists(itData.getParent().resolve("escape")));
        assertFalse(Files.exists(itData.getParent().getParent().resolve("escape")));
        assertEquals(200, registry.get("v2/traversal/app/manifests/v1").statusCode(), "the registry still works");
    }

    // ---- API version header ----------------------------------------------------------------------

    @Test
    void everyResponseCarriesTheApiVersion() {
        Images.Built image = Images.pushAny(registry, "version/app", Content.OCI_MANIFEST, "v1", 7);
        String layer = image.references().get(1);
        List<Call> calls = new ArrayList<>(List.of(
                Call.of("GET", "v2/"),
                Call.of("HEAD", "v2/"),
                Call.of("GET", "v2/version/app/manifests/v1"),
                Call.of("HEAD", "v2/version/app/manifests/v1"),
                Call.of("HEAD", "v2/version/app/manifests/nope"),
                new Call("GET", "v2/version/app/manifests/v1", null, "If-None-Match", "\"" + image.digest() + "\""),
                Call.of("GET", "v2/version/app/blobs/" + layer),
                Call.of("HEAD", "v2/version/app/blobs/" + layer),
                new Call("GET", "v2/version/app/blobs/" + layer, null, "Range", "bytes=0-3"),
                new Call("GET", "v2/version/app/blobs/" + layer, null, "Range", "bytes=99999-"),
                Call.of("GET", "v2/version/app/tags/list"),
                Call.of("GET", "v2/_catalog"),
                Call.of("POST", "v2/version/app/blobs/uploads/"),
                Call.of("GET", "v2/version/app/blobs/uploads/nope"),
                Call.of("POST", "v2/version/app/manifests/v1"),
                Call.of("GET", "v2/version/app/nothing"),
                Call.of("GET", "v2/Version/manifests/v1"),
                Call.of("DELETE", "v2/version/app/manifests/v1")));
        for (Call call : calls) {
            HttpResponse<byte[]> response = registry.send(call.method(), call.path(), call.body(), call.headers());
            assertEquals("registry/2.0", header(response, "Docker-Distribution-API-Version"),
                    () -> call + " (" + response.statusCode() + ")");
        }
        HttpResponse<byte[]> started = registry.send("POST", "v2/version/app/blobs/uploads/", null);
        String location = header(started, "Location");
        for (HttpResponse<byte[]> response : List.of(
                registry.get(location),
                registry.send("PATCH", location, new byte[3], "Content-Range", "0-2"),
                registry.send("PATCH", location, new byte[3], "Content-Range", "9-11"),
                registry.send("PUT", location + "?digest=" + Content.sha256(new byte[3]), null))) {
            assertEquals("registry/2.0", header(response, "Docker-Distribution-API-Version"),
                    () -> response.request().method() + " " + response.uri() + " (" + response.statusCode() + ")");
        }
        assertNotEquals(null, header(registry.delete(header(registry.send("POST", "v2/version/app/blobs/uploads/", null),
                "Location")), "Docker-Distribution-API-Version"), "DELETE upload");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private List<String> traversalTargets() {
        String c = "/" + CONTEXT;
        return List.of(
                c + "/v2/../../etc/passwd/manifests/x",
                c + "/v2/../../../../../../etc/passwd",
                c + "/v2/a/%2e%2e/manifests/x",
                c + "/v2/a/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/manifests/x",
                c + "/v2/a/%2E%2E/blobs/" + Content.sha256(new byte[0]),
                c + "/v2/%2e%2e/tags/list",
                c + "/v2/a%2F..%2F..%2Fetc/manifests/x",
                c + "/v2/a%2f%2e%2e%2f%2e%2e/tags/list",
                c + "/v2/a/blobs/sha256:..%2F..%2F..%2Fetc",
                c + "/v2/a/blobs/..%2f..%2fetc%2fpasswd",
                c + "/v2/a/manifests/..%2f..%2fetc",
                c + "/v2/a/manifests/%2e%2e",
                c + "/v2/a/blobs/uploads/%2e%2e",
                c + "/v2/a/blobs/uploads/%2e%2e%2f%2e%2e",
                c + "/v2/%2e/manifests/x",
                c + "/v2//etc/passwd/manifests/x",
                c + "/v2/a/./b/manifests/x",
                c + "/v2/a/tags/list/../../../../../etc",
                c + "/v2/_catalog?last=../../../../etc&n=5",
                c + "/v2/a/tags/list?last=..%2F..%2Fetc",
                c + "/v2/%C0%AE%C0%AE/manifests/x",
                c + "/v2/a/manifests/x%00",
                c + "/v2/a%00/manifests/x");
    }

    private static boolean isFromRegistry(RawHttp.Response response) {
        return response.header("Docker-Distribution-API-Version") != null;
    }

    private Path dataDirectory() {
        return Path.of("target", "it-data", System.getProperty("arquillian.launch", "default"), CONTEXT).toAbsolutePath();
    }

    private static Set<String> listing(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(path -> path.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
