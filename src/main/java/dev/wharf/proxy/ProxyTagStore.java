package dev.wharf.proxy;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.Page;
import dev.wharf.storage.TagStore;
import dev.wharf.upstream.UpstreamException;
import dev.wharf.upstream.UpstreamRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** Tags of a mirror: the upstream's list; the cached tags when the upstream cannot answer. */
public final class ProxyTagStore implements TagStore {
    private static final Logger LOG = Logger.getLogger(ProxyTagStore.class.getName());

    private final TagStore local;
    private final UpstreamRegistry upstream;
    private final ProxyStatistics statistics;

    public ProxyTagStore(TagStore local, UpstreamRegistry upstream, ProxyStatistics statistics) {
        this.local = local;
        this.upstream = upstream;
        this.statistics = statistics;
    }

    @Override
    public Page list(RepositoryName repository, String last, int limit) throws IOException {
        Optional<List<String>> tags;
        try {
            tags = upstream.tags(repository);
        } catch (UpstreamException e) {
            return servedWhileUpstreamDown(repository, last, limit, e);
        }
        if (tags.isEmpty()) {
            throw new RegistryException(OciErrorCode.NAME_UNKNOWN, Map.of("name", repository.value()));
        }
        List<String> sorted = new ArrayList<>(tags.get());
        Collections.sort(sorted);
        return Page.of(sorted, last, limit);
    }

    private Page servedWhileUpstreamDown(RepositoryName repository, String last, int limit, UpstreamException e)
            throws IOException {
        statistics.upstreamFailed();
        Page cached;
        try {
            cached = local.list(repository, last, limit);
        } catch (RegistryException unknown) {
            // Nothing cached: that is the outage's doing, not proof that the repository does not
            // exist, so the client hears 503 and retries rather than 404 and gives up.
            throw NotCached.because(repository, "the tag list", e);
        }
        statistics.servedFromCacheWhileUpstreamDown();
        LOG.warning("upstream " + upstream.describe() + " could not list the tags of " + repository + " ("
                + e.getMessage() + "); serving the cached tags");
        return cached;
    }
}
