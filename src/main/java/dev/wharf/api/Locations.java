package dev.wharf.api;

import dev.wharf.config.HttpConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/**
 * Builds the URLs the API hands back in {@code Location} and {@code Link} headers: absolute, on
 * the request's own scheme, host and context path (so a WAR deployed at {@code /registry} answers
 * with {@code /registry/v2/…}), on {@code http.host} when set, or a bare path with
 * {@code http.relativeurls}.
 */
@ApplicationScoped
public class Locations {
    private final HttpConfig http;

    @Inject
    public Locations(HttpConfig http) {
        this.http = http;
    }

    /** The URL of {@code path} (starting with {@code v2/}, raw query allowed) for this request. */
    public String of(UriInfo request, String path) {
        URI base = request.getBaseUri();
        String contextPath = base.getRawPath().endsWith("/") ? base.getRawPath() : base.getRawPath() + "/";
        String relative = contextPath + path;
        if (http.relativeUrls()) {
            return relative;
        }
        if (http.host().isPresent()) {
            String host = http.host().get();
            return (host.endsWith("/") ? host.substring(0, host.length() - 1) : host) + relative;
        }
        return base.getScheme() + "://" + base.getRawAuthority() + relative;
    }
}
