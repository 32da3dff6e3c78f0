package dev.wharf.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A thin HTTP client for one deployed registry, speaking the API the way a client does, with
 * helpers to push test content and to check OCI error bodies.
 */
public final class RegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    /** @param base the deployment's URL from {@code @ArquillianResource}, ending with {@code /} */
    public RegistryClient(URL base) {
        String url = base.toString();
        this.base = url.endsWith("/") ? url : url + "/";
    }

    /** The absolute URL of a path such as {@code v2/foo/tags/list}. */
    public URI uri(String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return URI.create(path);
        }
        return URI.create(base + (path.startsWith("/") ? path.substring(1) : path));
    }

    public HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        request.method(method, publisher);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public HttpResponse<byte[]> head(String path, String... headers) {
        return send("HEAD", path, null, headers);
    }

    public HttpResponse<byte[]> delete(String path) {
        return send("DELETE", path, null);
    }

    /** Pushes a blob in one POST with {@code ?digest=} and checks it was created. */
    public String pushBlob(String repository, byte[] content) {
        String digest = Content.sha256(content);
        HttpResponse<byte[]> response = send("POST", "v2/" + repository + "/blobs/uploads/?digest=" + digest, content,
                "Content-Type", "application/octet-stream");
        assertEquals(201, response.statusCode(), () -> "blob push failed: " + text(response));
        return digest;
    }

    /**
     * Pushes a blob the way every registry takes it (distribution 2.8 has no single-POST upload):
     * POST to open an upload, then PUT the whole content with {@code ?digest=}; checks it was created.
     */
    public String uploadBlob(String repository, byte[] content) {
        String digest = Content.sha256(content);
        HttpResponse<byte[]> started = send("POST", "v2/" + repository + "/blobs/uploads/", null);
        assertEquals(202, started.statusCode(), () -> "upload start failed: " + text(started));
        String location = header(started, "Location");
        URI upload = uri(base).resolve(location);
        String put = upload + (upload.getRawQuery() == null ? "?" : "&") + "digest=" + digest;
        HttpResponse<byte[]> finished = send("PUT", put, content, "Content-Type", "application/octet-stream");
        assertEquals(201, finished.statusCode(), () -> "upload finish failed: " + text(finished));
        return digest;
    }

    /** Pushes a manifest and checks it was created. */
    public HttpResponse<byte[]> pushManifest(String repository, String reference, String mediaType, byte[] manifest) {
        HttpResponse<byte[]> response = send("PUT", "v2/" + repository + "/manifests/" + reference, manifest,
                "Content-Type", mediaType);
        assertEquals(201, response.statusCode(), () -> "manifest push failed: " + text(response));
        return response;
    }

    /** Asserts an OCI error response: the status, and the code of the first error in a JSON body. */
    public static JsonNode assertError(HttpResponse<byte[]> response, int status, String code) {
        assertEquals(status, response.statusCode(), () -> "unexpected status, body: " + text(response));
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0],
                () -> "error body must be JSON, body: " + text(response));
        JsonNode body = json(response);
        assertEquals(code, body.path("errors").path(0).path("code").asText(), () -> "body: " + text(response));
        return body;
    }

    public static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text(response), e);
        }
    }

    public static String text(HttpResponse<byte[]> response) {
        return response.statusCode() + " " + new String(response.body() == null ? new byte[0] : response.body(),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Status, type, length and the start of a text body: enough to judge a response without dumping a blob. */
    public static String brief(HttpResponse<byte[]> response) {
        byte[] body = response.body() == null ? new byte[0] : response.body();
        String type = response.headers().firstValue("Content-Type").orElse("");
        boolean textual = type.contains("json") || type.startsWith("text");
        String start = textual ? new String(body, 0, Math.min(body.length, 400), java.nio.charset.StandardCharsets.UTF_8)
                : "(not shown)";
        return response.request().method() + " " + response.request().uri() + " -> " + response.statusCode() + " " + type
                + ", " + body.length + " bytes: " + start;
    }

    /** {@link #assertError}, but a response of another status is described briefly (a blob body is not dumped). */
    public static JsonNode assertErrorBrief(HttpResponse<byte[]> response, int status, String code) {
        assertEquals(status, response.statusCode(), () -> "unexpected status: " + brief(response));
        return assertError(response, status, code);
    }

    public static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    public static Map<String, java.util.List<String>> headers(HttpResponse<?> response) {
        return response.headers().map();
    }
}
