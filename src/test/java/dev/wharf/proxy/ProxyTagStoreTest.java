package dev.wharf.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.RepositoryName;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.storage.Page;
import dev.wharf.storage.TagStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyTagStoreTest {
    private static final RepositoryName REPO = RepositoryName.parse("library/app");
    private static final RepositoryName NEVER_PULLED = RepositoryName.parse("library/other");

    private final FakeUpstream upstream = new FakeUpstream();
    private final ProxyStatistics statistics = new ProxyStatistics();
    /** The tags cached locally: only REPO has any. */
    private final TagStore cached = (repository, last, limit) -> {
        if (!repository.equals(REPO)) {
            throw new RegistryException(OciErrorCode.NAME_UNKNOWN, Map.of("name", repository.value()));
        }
        return Page.of(List.of("cached-1", "cached-2"), last, limit);
    };
    private final ProxyTagStore tags = new ProxyTagStore(cached, upstream, statistics);

    private void upstreamHas(String... names) {
        for (String name : names) {
            upstream.putManifest(REPO, name, ("{\"tag\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void listsTheUpstreamTagsSortedAndPaged() throws IOException {
        upstreamHas("v2", "latest", "v1");
        assertEquals(new Page(List.of("latest", "v1", "v2"), false), tags.list(REPO, null, -1));
        assertEquals(new Page(List.of("latest", "v1"), true), tags.list(REPO, null, 2));
        assertEquals(new Page(List.of("v2"), false), tags.list(REPO, "v1", 2));
        assertEquals(0, statistics.servedStale());
    }

    @Test
    void aRepositoryTheUpstreamDoesNotKnowIsNameUnknown() {
        RegistryException e = assertThrows(RegistryException.class, () -> tags.list(REPO, null, -1));
        assertEquals(OciErrorCode.NAME_UNKNOWN, e.code());
    }

    @Test
    void theCachedTagsAreServedWhileTheUpstreamIsDownAndCounted() throws IOException {
        upstreamHas("v1");
        upstream.down = true;
        assertEquals(new Page(List.of("cached-1", "cached-2"), false), tags.list(REPO, null, -1));
        assertEquals(1, statistics.servedStale());
        assertEquals(1, statistics.upstreamFailures());
    }

    @Test
    void aRefusedRepositoryWithNothingCachedIsDenied() {
        upstream.denied = true;
        RegistryException e = assertThrows(RegistryException.class, () -> tags.list(NEVER_PULLED, null, -1));
        assertEquals(OciErrorCode.DENIED, e.code());
    }

    @Test
    void anUpstreamOutageIsNotReportedAsAnUnknownRepository() {
        upstream.down = true;
        RegistryException e = assertThrows(RegistryException.class, () -> tags.list(NEVER_PULLED, null, -1));
        assertEquals(OciErrorCode.UNAVAILABLE, e.code(), "nothing cached and no upstream: the client should retry, not give up");
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        assertEquals(0, statistics.servedStale(), "nothing was served");
    }
}
