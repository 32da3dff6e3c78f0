package dev.wharf.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks of the OCI error body {@code {"errors":[{"code","message","detail"}]}} beyond
 * {@link RegistryClient#assertError}: every entry has a code and a non-empty message and a
 * {@code detail} member, and nothing of the server's insides (stack traces, file paths) leaks.
 */
public final class ErrorBodies {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A line of a Java stack trace ("at dev.wharf.X.y(X.java:12)") or an exception class name. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\bat [a-zA-Z_$][\\w$]*(\\.[\\w$<>]+)+\\(|[a-z]+\\.[\\w.]*(Exception|Error)\\b|\\.java:\\d+");

    private ErrorBodies() {}

    /** Asserts the body is a well-formed OCI error body; returns its codes in order. */
    public static List<String> assertWellFormed(HttpResponse<byte[]> response) {
        return assertWellFormed(response.statusCode(), RegistryClient.header(response, "Content-Type"), response.body());
    }

    /** The same for a raw response. */
    public static List<String> assertWellFormed(RawHttp.Response response) {
        return assertWellFormed(response.status(), response.header("Content-Type"), response.body());
    }

    private static List<String> assertWellFormed(int status, String contentType, byte[] body) {
        String text = new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8);
        assertTrue(status >= 400, () -> "not an error status: " + status + " " + text);
        assertEquals("application/json", contentType == null ? "" : contentType.split(";")[0].trim(),
                () -> "error body must be JSON: " + status + " " + text);
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("error body is not JSON: " + text, e);
        }
        JsonNode errors = root == null ? null : root.get("errors");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            fail("error body needs a non-empty 'errors' array: " + text);
        }
        List<String> codes = new ArrayList<>();
        for (JsonNode error : errors) {
            assertTrue(error.path("code").isTextual() && !error.path("code").asText().isEmpty(), () -> "no code: " + text);
            assertTrue(error.path("message").isTextual() && !error.path("message").asText().isBlank(),
                    () -> "no message: " + text);
            assertTrue(error.has("detail"), () -> "no detail member: " + text);
            codes.add(error.path("code").asText());
        }
        return codes;
    }

    /** Asserts nothing in a body looks like a Java stack trace or names {@code forbidden} (a data directory). */
    public static void assertNoLeak(String body, String... forbidden) {
        assertFalse(STACK_TRACE.matcher(body).find(), () -> "body leaks a stack trace or class name: " + body);
        for (String secret : forbidden) {
            assertFalse(body.contains(secret), () -> "body leaks '" + secret + "': " + body);
        }
    }
}
