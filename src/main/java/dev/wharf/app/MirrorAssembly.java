package dev.wharf.app;

import dev.wharf.config.MaintenanceConfig;
import dev.wharf.config.ProxyConfig;
import dev.wharf.config.StorageConfig;
import dev.wharf.domain.Digest;
import dev.wharf.expiry.ActiveDigests;
import dev.wharf.expiry.BudgetTrigger;
import dev.wharf.expiry.CacheIndex;
import dev.wharf.expiry.CacheJanitor;
import dev.wharf.expiry.MaintenanceScheduler;
import dev.wharf.expiry.MvStoreCacheIndex;
import dev.wharf.expiry.StorageCachedContent;
import dev.wharf.proxy.BlobFills;
import dev.wharf.proxy.ColdBlobs;
import dev.wharf.proxy.ProxyManifestStore;
import dev.wharf.proxy.ProxyRepositoryBlobStore;
import dev.wharf.proxy.ProxyStatistics;
import dev.wharf.proxy.ProxyTagStore;
import dev.wharf.proxy.ReadOnlyUploadStore;
import dev.wharf.proxy.UpstreamFills;
import dev.wharf.upstream.HttpUpstreamRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A pull-through cache: the mirror's stores in front of the local ones, the upstream client, the
 * fills, and the cache index with its janitor on the maintenance timer. {@link #stop()} shuts
 * them down in the one order that lets nothing run against what is already closed: no new
 * fills, running fills finished or failed, the timer stopped, then the index and the upstream
 * connections closed.
 */
final class MirrorAssembly implements Assembly {
    private static final Logger LOG = Logger.getLogger(MirrorAssembly.class.getName());

    private final LocalStorage local;
    private final ProxyConfig proxy;
    private final HttpUpstreamRegistry upstream;
    private final CacheIndex index;
    private final ActiveDigests active = new ActiveDigests();
    private final MaintenanceScheduler scheduler;
    private final ScheduledExecutorService fillWatchdogs;
    private final UpstreamFills fills;
    private final ServedStores stores;

    MirrorAssembly(LocalStorage local, StorageConfig storage, ProxyConfig proxy, MaintenanceConfig maintenance)
            throws IOException {
        this.local = local;
        this.proxy = proxy;
        this.index = openIndex(storage);
        CacheJanitor janitor = new CacheJanitor(index, new StorageCachedContent(local.driver()), Clock.systemUTC(),
                proxy.ttl(), proxy.maxSize(), active::inUse);
        if (proxy.ttl().isZero()) {
            LOG.info("proxy.ttl is 0: cached content does not expire" + (proxy.maxSize().isPresent()
                    ? ", but the cache is kept under proxy.maxsize" : ""));
        }
        this.scheduler = RegistryAssembly.maintenanceOf(local, maintenance);
        // The beat persists the access times noted since the last one (so a kill -9 loses at most
        // that much) and runs an expiry pass when the index says one is due.
        scheduler.every("the cache janitor", Timings.JANITOR_BEAT, Timings.JANITOR_BEAT, janitor::tick);
        this.upstream = new HttpUpstreamRegistry(proxy.remoteUrl().orElseThrow(), proxy.username(), proxy.password(),
                proxy.upstreamTimeout(), Timings.MAX_FILLS);
        // Bounded: past MAX_FILLS running and QUEUED_FILLS waiting, a cold blob is answered with
        // 503 and Retry-After at once rather than left to wait behind transfers of unknown length.
        ThreadPoolExecutor fillThreads = UpstreamFills.boundedExecutor(Timings.MAX_FILLS, Timings.QUEUED_FILLS,
                named("wharf-fill"));
        this.fillWatchdogs = Executors.newSingleThreadScheduledExecutor(named("wharf-fill-timeout"));
        ProxyStatistics statistics = new ProxyStatistics();
        this.fills = new UpstreamFills(upstream, local.driver(), local.blobs(), local.repositoryBlobs(), fillThreads,
                fillWatchdogs, proxy.fillTimeout(), statistics, index, active,
                new BudgetTrigger(janitor, scheduler.executor()));
        this.stores = new ServedStores(
                new ProxyRepositoryBlobStore(local.repositoryBlobs(), local.blobs(), upstream, fills, statistics, index, active),
                new ProxyManifestStore(local.manifests(), upstream, proxy.tagFreshness(), Clock.systemUTC(), statistics, index),
                new ReadOnlyUploadStore("this registry is a read-only mirror of " + upstream.describe()),
                new ProxyTagStore(local.tags(), upstream, statistics),
                // A mirror's catalog lists what it has cached, as distribution's does.
                local.catalog());
        LOG.info("Wharf is a read-only mirror of " + upstream.describe());
    }

    private static CacheIndex openIndex(StorageConfig storage) throws IOException {
        if (storage.driver() != StorageConfig.Driver.FILESYSTEM) {
            return MvStoreCacheIndex.inMemory();
        }
        Path file = storage.rootDirectory().resolve("wharf").resolve("cache-index.mv.db");
        CacheIndex opened = MvStoreCacheIndex.open(file);
        LOG.info("cache index at " + file + ": " + opened.totals());
        return opened;
    }

    @Override
    public ServedStores stores() {
        return stores;
    }

    @Override
    public ColdBlobs coldBlobs() {
        return new ColdBlobs() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public boolean cached(Digest digest) throws IOException {
                // A linked blob whose data exists is stored; one whose data is gone is not: the
                // data alone decides, and the warm path's read then does the one lookup it needs.
                return local.blobs().size(digest).isPresent();
            }

            @Override
            public BlobFills fills() {
                return fills;
            }

            @Override
            public Duration fillTimeout() {
                return proxy.fillTimeout();
            }
        };
    }

    @Override
    public void start() {
        scheduler.start();
    }

    @Override
    public void stop() {
        // 1. No new fills; running ones finish within the grace period or are failed.
        fills.shutdown(Timings.FILL_DRAIN);
        fillWatchdogs.shutdownNow();
        // 2. No janitor pass can start or be running past this point.
        scheduler.stop();
        // 3. Nothing writes to the index or calls the upstream any more.
        index.close();
        upstream.close();
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
