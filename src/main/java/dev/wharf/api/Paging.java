package dev.wharf.api;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.storage.Page;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The {@code n} and {@code last} query parameters of tag and catalog listings, and the {@code Link} to the next page. */
final class Paging {
    private Paging() {}

    /** {@code n} as a limit: absent means no limit; it must be a non-negative integer. */
    static int limit(String n) {
        if (n == null || n.isEmpty()) {
            return -1;
        }
        try {
            int limit = Integer.parseInt(n);
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RegistryException(OciErrorCode.PAGINATION_NUMBER_INVALID, "query parameter n must be a non-negative integer, got '" + n + "'");
    }

    /** Adds {@code Link: <…?n=…&last=…>; rel="next"} when more entries remain. */
    static Response.ResponseBuilder withNextLink(Response.ResponseBuilder response, Page page, Locations locations,
            UriInfo request, String path, int limit) {
        page.nextLast().ifPresent(last -> {
            String query = "?" + (limit >= 0 ? "n=" + limit + "&" : "") + "last=" + URLEncoder.encode(last, StandardCharsets.UTF_8);
            response.header("Link", "<" + locations.of(request, path + query) + ">; rel=\"next\"");
        });
        return response;
    }
}
