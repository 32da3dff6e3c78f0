package dev.wharf.api;

import dev.wharf.api.error.OciErrorWriter;
import dev.wharf.domain.Digest;
import dev.wharf.domain.MediaTypes;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.proxy.RetryLaterException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The head of every blob response, cached (JAX-RS) or filled (servlet), decided in one place:
 * status, headers, and which bytes the body carries. A blob is content addressed, so its digest
 * is its entity tag and it may be cached for a year.
 *
 * @param status 200, 206 or 304; for an error, its status
 * @param headers in the order they are set
 * @param offset first byte of the body
 * @param length bytes in the body; -1 for "to the end, size unknown"; 0 for no body
 * @param error the error to answer instead of a body (416 with {@code Content-Range: bytes *}{@code /size})
 */
record BlobResponse(int status, Map<String, String> headers, long offset, long length, Optional<RegistryException> error) {

    /** The head of a HEAD: the size, never a range. */
    static BlobResponse head(Digest digest, long size) {
        Map<String, String> headers = describe(digest);
        headers.put("Content-Length", Long.toString(size));
        return new BlobResponse(200, headers, 0, 0, Optional.empty());
    }

    /**
     * The head of a GET of a blob of {@code size} bytes, or of unknown size ({@code -1}): then a
     * Range is ignored and the whole blob is sent with 200, as RFC 9110 §14.2 allows — the mirror
     * cannot tell a range's bytes or satisfiability before the upstream says how big the blob is.
     *
     * @param range the {@code Range} header or null
     * @param ifNoneMatch the {@code If-None-Match} headers or null
     */
    static BlobResponse get(Digest digest, long size, String range, List<String> ifNoneMatch) {
        Map<String, String> headers = describe(digest);
        if (EntityTags.matches(ifNoneMatch, digest.toString())) {
            return new BlobResponse(304, headers, 0, 0, Optional.empty());
        }
        if (size < 0) {
            return new BlobResponse(200, headers, 0, -1, Optional.empty());
        }
        ByteRange.Request wanted = ByteRange.parse(range, size);
        if (wanted instanceof ByteRange.Unsatisfiable) {
            Map<String, String> only = new LinkedHashMap<>();
            only.put("Content-Range", "bytes */" + size);
            return new BlobResponse(416, only, 0, 0, Optional.of(new RegistryException(OciErrorCode.RANGE_NOT_SATISFIABLE,
                    "Range '" + range + "' lies outside the blob's " + size + " bytes")));
        }
        if (wanted instanceof ByteRange.Partial partial) {
            ByteRange bytes = partial.range();
            headers.put("Content-Range", bytes.contentRange(size));
            headers.put("Content-Length", Long.toString(bytes.length()));
            return new BlobResponse(206, headers, bytes.first(), bytes.length(), Optional.empty());
        }
        headers.put("Content-Length", Long.toString(size));
        return new BlobResponse(200, headers, 0, size, Optional.empty());
    }

    private static Map<String, String> describe(Digest digest) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", MediaTypes.OCTET_STREAM);
        headers.put("Docker-Content-Digest", digest.toString());
        headers.put("ETag", "\"" + digest + "\"");
        headers.put("Accept-Ranges", "bytes");
        // Content-addressed: the bytes behind a digest never change.
        headers.put("Cache-Control", "max-age=31536000");
        return headers;
    }

    /** Whether bytes follow the head. */
    boolean hasBody() {
        return error.isEmpty() && length != 0;
    }

    /** The same head as a JAX-RS response builder (an entity may be added). */
    Response.ResponseBuilder toJaxRs() {
        Response.ResponseBuilder response = error.map(OciErrorWriter::response).orElseGet(() -> Response.status(status));
        headers.forEach(response::header);
        return response;
    }

    /** Sets the head on a servlet response; an error is written whole, body included. */
    void apply(HttpServletResponse response) throws IOException {
        response.setHeader("Docker-Distribution-API-Version", "registry/2.0");
        headers.forEach((name, value) -> {
            switch (name) {
                case "Content-Type" -> response.setContentType(value);
                case "Content-Length" -> response.setContentLengthLong(Long.parseLong(value));
                default -> response.setHeader(name, value);
            }
        });
        if (error.isPresent()) {
            OciErrorWriter.write(response, error.get());
        } else {
            response.setStatus(status);
        }
    }

    /** Writes an error on the servlet path, telling the client when to retry where the error says. */
    static void writeError(HttpServletResponse response, RegistryException error) throws IOException {
        response.setHeader("Docker-Distribution-API-Version", "registry/2.0");
        if (error instanceof RetryLaterException retry) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, retry.retryAfter().toSeconds())));
        }
        OciErrorWriter.write(response, error);
    }

    BlobResponse {
        headers = Collections.unmodifiableMap(headers);
    }
}
