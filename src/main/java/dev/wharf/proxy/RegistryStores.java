package dev.wharf.proxy;

import dev.wharf.config.MaintenanceConfig;
import dev.wharf.config.ProxyConfig;
import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.expiry.CacheBeans;
import dev.wharf.storage.ManifestStore;
import dev.wharf.storage.RepositoryBlobStore;
import dev.wharf.storage.RepositoryCatalog;
import dev.wharf.storage.StorageBeans;
import dev.wharf.storage.TagStore;
import dev.wharf.storage.UploadStore;
import dev.wharf.upstream.HttpUpstreamRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Chooses the stores the API serves: the local ones, or, with {@code proxy.remoteurl} set, the
 * mirror's stores in front of them. Owns the mirror's threads and upstream connections and
 * releases them when the application stops, so an undeploy leaves nothing running.
 */
@ApplicationScoped
public class RegistryStores {
    private static final Logger LOG = Logger.getLogger(RegistryStores.class.getName());
    /** Concurrent upstream transfers; more cold blobs than this wait in line for a thread. */
    private static final int MAX_FILLS = 32;
    /** Cold blobs waiting for a fill thread; beyond this a client gets 503 with Retry-After. */
    private static final int QUEUED_FILLS = 48;
    /** How long undeploy lets running fills finish before it breaks them off. */
    private static final Duration FILL_GRACE = Duration.ofSeconds(10);

    private final StorageBeans local;
    private final Duration fillTimeout;
    private final RepositoryBlobStore blobs;
    private final ManifestStore manifests;
    private final UploadStore uploads;
    private final TagStore tags;
    private final Optional<UpstreamFills> fills;
    private final Optional<HttpUpstreamRegistry> upstream;
    private final Optional<ExecutorService> fillThreads;
    private final Optional<ScheduledExecutorService> timer;
    private final ProxyStatistics statistics = new ProxyStatistics();

    @Inject
    public RegistryStores(StorageBeans local, ProxyConfig proxy, MaintenanceConfig maintenance, CacheBeans cache) {
        this.local = local;
        this.fillTimeout = proxy.fillTimeout();
        if (!proxy.enabled()) {
            boolean readOnly = maintenance.readOnly();
            this.blobs = readOnly ? new ReadOnlyRepositoryBlobStore(local.repositoryBlobs()) : local.repositoryBlobs();
            this.manifests = readOnly ? new ReadOnlyManifestStore(local.manifests()) : local.manifests();
            this.uploads = readOnly ? new ReadOnlyUploadStore(ReadOnly.MAINTENANCE) : local.uploads();
            this.tags = local.tags();
            if (readOnly) {
                LOG.warning("storage.maintenance.readonly.enabled is true: every push and delete answers 405 UNSUPPORTED");
            }
            this.fills = Optional.empty();
            this.upstream = Optional.empty();
            this.fillThreads = Optional.empty();
            this.timer = Optional.empty();
            return;
        }
        HttpUpstreamRegistry remote = new HttpUpstreamRegistry(proxy.remoteUrl().get(), proxy.username(), proxy.password(),
                proxy.upstreamTimeout());
        ThreadPoolExecutor threads = UpstreamFills.boundedExecutor(MAX_FILLS, QUEUED_FILLS, named("wharf-fill"));
        ScheduledExecutorService watchdogs = Executors.newSingleThreadScheduledExecutor(named("wharf-fill-timeout"));
        UpstreamFills upstreamFills = new UpstreamFills(remote, local.storageDriver(), local.blobs(), local.repositoryBlobs(),
                threads, watchdogs, proxy.fillTimeout(), statistics, cache.index().orElseThrow(), cache.active(), cache::cached);
        this.upstream = Optional.of(remote);
        this.fillThreads = Optional.of(threads);
        this.timer = Optional.of(watchdogs);
        this.fills = Optional.of(upstreamFills);
        this.blobs = new ProxyRepositoryBlobStore(local.repositoryBlobs(), local.blobs(), remote, upstreamFills, statistics,
                cache.index().orElseThrow(), cache.active());
        this.manifests = new ProxyManifestStore(local.manifests(), remote, proxy.tagFreshness(), Clock.systemUTC(), statistics,
                cache.index().orElseThrow());
        this.uploads = new ReadOnlyUploadStore("this registry is a read-only mirror of " + remote.describe());
        this.tags = new ProxyTagStore(local.tags(), remote, statistics);
        LOG.info("Wharf is a read-only mirror of " + remote.describe());
    }

    @Produces
    @ApplicationScoped
    RepositoryBlobStore repositoryBlobs() {
        return blobs;
    }

    @Produces
    @ApplicationScoped
    ManifestStore manifests() {
        return manifests;
    }

    @Produces
    @ApplicationScoped
    UploadStore uploads() {
        return uploads;
    }

    @Produces
    @ApplicationScoped
    TagStore tags() {
        return tags;
    }

    @Produces
    @ApplicationScoped
    RepositoryCatalog catalog() {
        // A mirror's catalog lists what it has cached, as distribution's does.
        return local.catalog();
    }

    /** The mirror's blob fills; empty when this registry is not a mirror. */
    public Optional<BlobFills> fills() {
        return fills.map(f -> f);
    }

    /** Whether the blob is in local storage, in this repository or any other. */
    public boolean cached(RepositoryName repository, Digest digest) throws IOException {
        return local.repositoryBlobs().stat(repository, digest).isPresent() || local.blobs().size(digest).isPresent();
    }

    /** How long one blob transfer (and so a client waiting on it) may take. */
    public Duration fillTimeout() {
        return fillTimeout;
    }

    /** What the mirror did so far. */
    public ProxyStatistics statistics() {
        return statistics;
    }

    @PreDestroy
    void stop() {
        // Fills first: they commit into storage and the cache index, which must outlive them.
        fills.ifPresent(f -> f.shutdown(FILL_GRACE));
        fillThreads.ifPresent(ExecutorService::shutdownNow);
        timer.ifPresent(ExecutorService::shutdownNow);
        upstream.ifPresent(HttpUpstreamRegistry::close);
        fillThreads.ifPresent(threads -> {
            try {
                if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warning("some upstream transfers did not stop within 10 s of undeploy");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
