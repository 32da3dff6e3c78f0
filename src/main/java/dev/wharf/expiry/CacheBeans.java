package dev.wharf.expiry;

import dev.wharf.config.ProxyConfig;
import dev.wharf.config.StorageConfig;
import dev.wharf.storage.StorageBeans;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The mirror's cache bookkeeping, built once: the index of cached manifests and blobs (a file
 * beside the data, {@code <rootdirectory>/wharf/cache-index.mv.db}, or in memory with
 * {@code storage.inmemory}), the digests in use, and the janitor that expires and evicts.
 * Absent when Wharf is not a mirror: a private registry's content never expires.
 */
@ApplicationScoped
public class CacheBeans {
    private static final Logger LOG = Logger.getLogger(CacheBeans.class.getName());

    private final ActiveDigests active = new ActiveDigests();
    private final java.util.concurrent.atomic.AtomicBoolean passQueued = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile java.util.concurrent.Executor passExecutor;
    private final Optional<CacheIndex> index;
    private final Optional<CacheJanitor> janitor;

    @Inject
    public CacheBeans(ProxyConfig proxy, StorageConfig storage, StorageBeans local) throws IOException {
        if (!proxy.enabled()) {
            this.index = Optional.empty();
            this.janitor = Optional.empty();
            return;
        }
        CacheIndex opened;
        if (storage.driver() == StorageConfig.Driver.FILESYSTEM) {
            Path file = storage.rootDirectory().resolve("wharf").resolve("cache-index.mv.db");
            opened = MvStoreCacheIndex.open(file);
            LOG.info("cache index at " + file + ": " + opened.totals());
        } else {
            opened = MvStoreCacheIndex.inMemory();
        }
        this.index = Optional.of(opened);
        this.janitor = Optional.of(new CacheJanitor(opened, new StorageCachedContent(local.storageDriver()),
                Clock.systemUTC(), proxy.ttl(), proxy.maxSize(), active::inUse));
        if (proxy.ttl().isZero()) {
            LOG.info("proxy.ttl is 0: cached content does not expire" + (proxy.maxSize().isPresent()
                    ? ", but the cache is kept under proxy.maxsize" : ""));
        }
    }

    public Optional<CacheIndex> index() {
        return index;
    }

    public Optional<CacheJanitor> janitor() {
        return janitor;
    }

    public ActiveDigests active() {
        return active;
    }

    /** Where {@link #cached()} runs an immediate pass: the maintenance scheduler's executor. */
    void runPassesOn(java.util.concurrent.Executor executor) {
        this.passExecutor = executor;
    }

    /**
     * Tells the janitor that something was just cached. Over {@code proxy.maxsize}, a pass is
     * queued at once rather than at the next beat, so the cache overshoots its budget by at most
     * the transfers in flight. Passes queued meanwhile coalesce into one.
     */
    public void cached() {
        java.util.concurrent.Executor executor = passExecutor;
        if (janitor.isEmpty() || executor == null || !janitor.get().overBudget() || !passQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                passQueued.set(false);
                try {
                    janitor.get().runPass();
                } catch (RuntimeException e) {
                    LOG.log(java.util.logging.Level.WARNING, "a cache eviction pass failed; the next beat retries it", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            passQueued.set(false); // shutting down
        }
    }

    @PreDestroy
    void close() {
        index.ifPresent(CacheIndex::close);
    }
}
