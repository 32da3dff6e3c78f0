package dev.wharf.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import java.net.URI;
import org.junit.jupiter.api.Test;

class UrlsTest {

    private static final RepositoryName REPO = RepositoryName.parse("library/ubuntu");

    @Test
    void endpointsUnderTheRemoteUrl() {
        Urls urls = new Urls(URI.create("https://registry-1.docker.io/"));
        assertEquals("https://registry-1.docker.io", urls.display());
        assertEquals(URI.create("https://registry-1.docker.io/v2/"), urls.ping());
        assertEquals(URI.create("https://registry-1.docker.io/v2/library/ubuntu/manifests/24.04"), urls.manifest(REPO, "24.04"));
        Digest digest = Digest.sha256Of(new byte[0]);
        assertEquals(URI.create("https://registry-1.docker.io/v2/library/ubuntu/blobs/" + digest), urls.blob(REPO, digest));
        assertEquals(URI.create("https://registry-1.docker.io/v2/library/ubuntu/tags/list"), urls.tags(REPO));
    }

    @Test
    void pathPrefixIsKept() {
        Urls urls = new Urls(URI.create("http://mirror.example:8080/registry//?q=1#f"));
        assertEquals("http://mirror.example:8080/registry", urls.display());
        assertEquals(URI.create("http://mirror.example:8080/registry/v2/"), urls.ping());
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutBeingRepeated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Urls(URI.create("https://bob:hunter2-secret@registry.example")));
        assertFalse(e.getMessage().contains("hunter2-secret"));
    }

    @Test
    void onlyHttpUrls() {
        assertThrows(IllegalArgumentException.class, () -> new Urls(URI.create("ftp://registry.example")));
        assertThrows(IllegalArgumentException.class, () -> new Urls(URI.create("registry.example")));
    }

    @Test
    void referencesThatWouldChangeTheUrlAreRefused() {
        Urls urls = new Urls(URI.create("https://r.example"));
        for (String bad : new String[] {"a/b", "a?b", "a#b", "a%2f", "a b", "", ".hidden", "../x"}) {
            assertThrows(IllegalArgumentException.class, () -> urls.manifest(REPO, bad), bad);
        }
        urls.manifest(REPO, "v1.2_rc-3");
        urls.manifest(REPO, Digest.sha256Of(new byte[0]).toString());
    }

    @Test
    void redactionDropsUserInfoAndQuery() {
        assertEquals("https://cdn.example:8443/blobs/x",
                Urls.redact(URI.create("https://u:p@cdn.example:8443/blobs/x?X-Amz-Signature=abc#frag")));
    }

    @Test
    void sameOriginComparesSchemeHostAndPort() {
        assertTrue(Urls.sameOrigin(URI.create("https://R.example/a"), URI.create("https://r.example:443/b")));
        assertFalse(Urls.sameOrigin(URI.create("https://r.example/a"), URI.create("http://r.example/a")));
        assertFalse(Urls.sameOrigin(URI.create("https://r.example/a"), URI.create("https://cdn.example/a")));
    }
}
