package dev.wharf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.config.HttpConfig;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocationsTest {

    private static Locations locations(boolean relative, Optional<String> host) {
        return new Locations(new HttpConfig("/", relative, host));
    }

    private static String of(Locations locations, String base, String path) {
        return locations.of(new FakeUriInfo(URI.create(base)), path);
    }

    @Test
    void absoluteOnTheRequestsOwnSchemeAndHost() {
        Locations locations = locations(false, Optional.empty());
        assertEquals("https://registry.example:8443/v2/team/app/blobs/uploads/x",
                of(locations, "https://registry.example:8443/", "v2/team/app/blobs/uploads/x"));
    }

    @Test
    void keepsTheContextPath() {
        Locations locations = locations(false, Optional.empty());
        assertEquals("http://h/registry/v2/a/manifests/latest", of(locations, "http://h/registry/", "v2/a/manifests/latest"));
        assertEquals("http://h/registry/v2/a/manifests/latest", of(locations, "http://h/registry", "v2/a/manifests/latest"));
    }

    @Test
    void keepsARawQuery() {
        assertEquals("http://h/v2/_catalog?n=2&last=a%2Fb",
                of(locations(false, Optional.empty()), "http://h/", "v2/_catalog?n=2&last=a%2Fb"));
    }

    @Test
    void configuredHost() {
        assertEquals("https://public.example/registry/v2/a/tags/list",
                of(locations(false, Optional.of("https://public.example")), "http://10.0.0.1:8080/registry/", "v2/a/tags/list"));
        assertEquals("https://public.example/v2/a/tags/list",
                of(locations(false, Optional.of("https://public.example/")), "http://10.0.0.1:8080/", "v2/a/tags/list"));
    }

    @Test
    void relativeUrls() {
        assertEquals("/registry/v2/a/blobs/sha256:x", of(locations(true, Optional.empty()), "http://h/registry/", "v2/a/blobs/sha256:x"));
        assertEquals("/v2/a", of(locations(true, Optional.of("https://public.example")), "http://h/", "v2/a"));
    }
}
