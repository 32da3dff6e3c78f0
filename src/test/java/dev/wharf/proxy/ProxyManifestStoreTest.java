package dev.wharf.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.Digest;
import dev.wharf.domain.Reference;
import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.BlobStore;
import dev.wharf.storage.LocalManifestStore;
import dev.wharf.storage.LocalRepositoryBlobStore;
import dev.wharf.storage.driver.inmemory.InMemoryDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProxyManifestStoreTest {
    private static final RepositoryName REPO = RepositoryName.parse("library/app");

    private final InMemoryDriver driver = new InMemoryDriver();
    private final BlobStore blobs = new BlobStore(driver);
    private final LocalManifestStore local = new LocalManifestStore(driver, blobs,
            new LocalRepositoryBlobStore(driver, blobs, false), false);
    private final FakeUpstream upstream = new FakeUpstream();
    private final MutableClock clock = new MutableClock();
    private final ProxyStatistics statistics = new ProxyStatistics();
    private final dev.wharf.expiry.CacheIndex index = dev.wharf.expiry.MvStoreCacheIndex.inMemory();

    private static byte[] manifest(int seed) {
        String d = "sha256:" + String.format("%064d", seed);
        return ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + d + "\",\"size\":1},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private ProxyManifestStore store(Duration freshness) {
        return new ProxyManifestStore(local, upstream, freshness, clock, statistics, index);
    }

    @Test
    void tagIsCheckedWithHeadAndFetchedOnlyWhenItMoved() throws IOException {
        ProxyManifestStore store = store(Duration.ZERO);
        byte[] v1 = manifest(1);
        upstream.putManifest(REPO, "latest", v1);
        assertArrayEquals(v1, store.get(REPO, Reference.parse("latest")).orElseThrow().content());
        assertArrayEquals(v1, store.get(REPO, Reference.parse("latest")).orElseThrow().content());
        assertEquals(2, upstream.heads.get());
        assertEquals(1, upstream.manifestGets.get());

        byte[] v2 = manifest(2);
        upstream.putManifest(REPO, "latest", v2);
        assertArrayEquals(v2, store.get(REPO, Reference.parse("latest")).orElseThrow().content());
        assertEquals(2, upstream.manifestGets.get());
        assertTrue(index.manifest(REPO, Digest.sha256Of(v1)).isPresent(), "cached manifests are recorded for expiry");
        assertTrue(index.manifest(REPO, Digest.sha256Of(v2)).isPresent());
    }

    @Test
    void freshTagIsServedWithoutAskingUntilFreshnessEnds() throws IOException {
        ProxyManifestStore store = store(Duration.ofSeconds(30));
        upstream.putManifest(REPO, "latest", manifest(1));
        store.get(REPO, Reference.parse("latest"));
        clock.advance(Duration.ofSeconds(29));
        store.get(REPO, Reference.parse("latest"));
        assertEquals(1, upstream.heads.get());
        clock.advance(Duration.ofSeconds(2));
        store.get(REPO, Reference.parse("latest"));
        assertEquals(2, upstream.heads.get());
    }

    @Test
    void cachedTagIsServedWhileUpstreamIsDownAndCounted() throws IOException {
        ProxyManifestStore store = store(Duration.ZERO);
        byte[] v1 = manifest(1);
        upstream.putManifest(REPO, "latest", v1);
        store.get(REPO, Reference.parse("latest"));
        upstream.down = true;
        assertArrayEquals(v1, store.get(REPO, Reference.parse("latest")).orElseThrow().content());
        assertArrayEquals(v1, store.get(REPO, new Reference.ByDigest(Digest.sha256Of(v1))).orElseThrow().content());
        assertEquals(1, statistics.servedStale());
    }

    @Test
    void uncachedContentWhileUpstreamIsDownIsUnavailable() {
        upstream.down = true;
        RegistryException e = assertThrows(RegistryException.class, () -> store(Duration.ZERO).get(REPO, Reference.parse("latest")));
        assertEquals(OciErrorCode.UNAVAILABLE, e.errors().get(0).code());
        assertEquals(503, e.code().status());
    }

    @Test
    void aRefusedRepositoryIsDeniedNotUnavailable() {
        upstream.denied = true;
        for (Reference reference : java.util.List.of(Reference.parse("latest"),
                new Reference.ByDigest(Digest.sha256Of(manifest(1))))) {
            RegistryException e = assertThrows(RegistryException.class, () -> store(Duration.ZERO).get(REPO, reference));
            assertEquals(OciErrorCode.DENIED, e.code(), "a refusal is not an outage: " + reference);
        }
    }

    @Test
    void unknownUpstreamTagIsEmpty() throws IOException {
        assertTrue(store(Duration.ZERO).get(REPO, Reference.parse("nope")).isEmpty());
    }

    @Test
    void manifestWithWrongDigestFromUpstreamIsNotStored() {
        byte[] real = manifest(1);
        Digest claimed = Digest.sha256Of(real);
        upstream.manifests.put(REPO + "@" + claimed, manifest(9));
        RegistryException wrong = assertThrows(RegistryException.class, () -> store(Duration.ZERO).get(REPO, new Reference.ByDigest(claimed)));
        assertEquals(OciErrorCode.UNAVAILABLE, wrong.errors().get(0).code());
        upstream.down = true;
        assertThrows(RegistryException.class, () -> store(Duration.ZERO).get(REPO, new Reference.ByDigest(claimed)));
    }

    @Test
    void concurrentPullsOfOneTagShareOneHeadAndOneGet() throws Exception {
        ProxyManifestStore store = store(Duration.ZERO);
        byte[] v1 = manifest(1);
        upstream.putManifest(REPO, "latest", v1);
        upstream.headGate = new CountDownLatch(1);
        int clients = 8;
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch ready = new CountDownLatch(clients);
            List<Future<byte[]>> pulls = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                pulls.add(threads.submit(() -> {
                    ready.countDown();
                    return store.get(REPO, Reference.parse("latest")).orElseThrow().content();
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            // Every caller is either the one waiting at the upstream or waiting for it: proof that
            // they overlapped, so that sharing (not luck of timing) is what is tested.
            awaitUntil(() -> upstream.heads.get() == 1 && store.sharedWaiters() == clients - 1);
            upstream.headGate.countDown();
            for (Future<byte[]> pull : pulls) {
                assertArrayEquals(v1, pull.get(10, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, upstream.heads.get(), "one HEAD for all concurrent pulls");
        assertEquals(1, upstream.manifestGets.get(), "one GET for all concurrent pulls");
        // Sharing is for requests in flight: the next pull asks again.
        store.get(REPO, Reference.parse("latest"));
        assertEquals(2, upstream.heads.get());
    }

    @Test
    void aWrongManifestFromUpstreamServesTheCachedTag() throws IOException {
        ProxyManifestStore store = store(Duration.ZERO);
        byte[] v1 = manifest(1);
        upstream.putManifest(REPO, "latest", v1);
        store.get(REPO, Reference.parse("latest"));
        // The tag moves upstream, but the upstream serves other bytes than the digest it named.
        byte[] v2 = manifest(2);
        upstream.putManifest(REPO, "latest", v2);
        upstream.manifests.put(REPO + "@" + Digest.sha256Of(v2), manifest(9));

        assertArrayEquals(v1, store.get(REPO, Reference.parse("latest")).orElseThrow().content());
        assertEquals(1, statistics.servedStale());
        assertTrue(local.get(REPO, new Reference.ByDigest(Digest.sha256Of(v2))).isEmpty(), "nothing wrong was stored");
    }

    @Test
    void tagsCheckedLongAgoAreForgotten() throws IOException {
        ProxyManifestStore store = store(Duration.ofSeconds(30));
        for (int i = 1; i <= 3; i++) {
            upstream.putManifest(REPO, "v" + i, manifest(i));
            store.get(REPO, Reference.parse("v" + i));
        }
        assertEquals(3, store.rememberedTags());
        clock.advance(Duration.ofSeconds(31));
        upstream.putManifest(REPO, "v4", manifest(4));
        store.get(REPO, Reference.parse("v4"));
        assertEquals(1, store.rememberedTags(), "stale checks leave the map");
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the concurrent callers never all arrived");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void writesAreRefused() {
        RegistryException e = assertThrows(RegistryException.class,
                () -> store(Duration.ZERO).put(REPO, Reference.parse("x"), manifest(1), null));
        assertEquals(405, e.code().status());
        assertThrows(RegistryException.class, () -> store(Duration.ZERO).delete(REPO, Reference.parse("x")));
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
