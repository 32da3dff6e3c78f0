package dev.wharf.proxy;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.upstream.UpstreamException;
import dev.wharf.upstream.UpstreamRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A hand-written upstream: manifests and blobs in maps, counters, and switches for outages and stalls. */
final class FakeUpstream implements UpstreamRegistry {
    final Map<String, byte[]> manifests = new HashMap<>();
    final Map<String, Digest> tags = new HashMap<>();
    final Map<Digest, byte[]> blobs = new HashMap<>();
    final AtomicInteger heads = new AtomicInteger();
    final AtomicInteger manifestGets = new AtomicInteger();
    final AtomicInteger blobGets = new AtomicInteger();
    volatile boolean down;
    /** When set, blob bodies block after the first byte until the stream is closed. */
    volatile boolean stall;
    final List<InputStream> opened = new ArrayList<>();
    /** When set, every manifest HEAD waits for it, so that concurrent callers pile up behind the first. */
    volatile java.util.concurrent.CountDownLatch headGate;
    /** When set, the upstream refuses every request (401/403 after authenticating). */
    volatile boolean denied;
    /** When set, blob GETs throw it (an Error, a bug) instead of answering. */
    volatile Throwable getBlobThrows;
    /** When set, blob GETs wait on it before answering, so a test can line up joiners. */
    volatile CountDownLatch blobGate;
    /** When not negative, the Content-Length blob GETs announce instead of the real one. */
    volatile long announcedSize = -2;

    /** Puts a blob of {@code size} random bytes (seeded by the size) upstream; returns its digest. */
    Digest putRandomBlob(int size) {
        byte[] content = new byte[size];
        new java.util.Random(size).nextBytes(content);
        Digest digest = Digest.sha256Of(content);
        blobs.put(digest, content);
        return digest;
    }

    void putManifest(RepositoryName repository, String tag, byte[] content) {
        Digest digest = Digest.sha256Of(content);
        manifests.put(repository + "@" + digest, content);
        tags.put(repository + ":" + tag, digest);
    }

    private void awaitGate() {
        java.util.concurrent.CountDownLatch gate = headGate;
        if (gate == null) {
            return;
        }
        try {
            if (!gate.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the HEAD gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkUp() throws UpstreamException {
        if (down) {
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "connection refused (fake)");
        }
        if (denied) {
            throw new UpstreamException(UpstreamException.Kind.DENIED, "403 Forbidden (fake)");
        }
    }

    @Override
    public Optional<ManifestHead> headManifest(RepositoryName repository, String reference) throws UpstreamException {
        checkUp();
        heads.incrementAndGet();
        awaitGate();
        Digest digest = reference.contains(":") ? Digest.parse(reference) : tags.get(repository + ":" + reference);
        if (digest == null || !manifests.containsKey(repository + "@" + digest)) {
            return Optional.empty();
        }
        return Optional.of(new ManifestHead(digest, "application/vnd.oci.image.manifest.v1+json",
                manifests.get(repository + "@" + digest).length));
    }

    @Override
    public Optional<FetchedManifest> getManifest(RepositoryName repository, String reference) throws UpstreamException {
        checkUp();
        manifestGets.incrementAndGet();
        Digest digest = reference.contains(":") ? Digest.parse(reference) : tags.get(repository + ":" + reference);
        byte[] content = digest == null ? null : manifests.get(repository + "@" + digest);
        return content == null ? Optional.empty()
                : Optional.of(new FetchedManifest(content, "application/vnd.oci.image.manifest.v1+json", Optional.of(digest)));
    }

    @Override
    public Optional<Long> headBlob(RepositoryName repository, Digest digest) throws UpstreamException {
        checkUp();
        byte[] content = blobs.get(digest);
        return content == null ? Optional.empty() : Optional.of((long) content.length);
    }

    @Override
    public Optional<BlobStream> getBlob(RepositoryName repository, Digest digest, Instant deadline) throws UpstreamException {
        checkUp();
        blobGets.incrementAndGet();
        Throwable thrown = getBlobThrows;
        if (thrown instanceof Error error) {
            throw error;
        }
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        CountDownLatch gate = blobGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "interrupted (fake)");
            }
        }
        byte[] content = blobs.get(digest);
        if (content == null) {
            return Optional.empty();
        }
        InputStream body = stall ? new StallingStream(content) : new ByteArrayInputStream(content);
        synchronized (opened) {
            opened.add(body);
        }
        return Optional.of(new BlobStream(body, announcedSize >= -1 ? announcedSize : content.length));
    }

    @Override
    public Optional<List<String>> tags(RepositoryName repository) throws UpstreamException {
        checkUp();
        List<String> names = new ArrayList<>();
        tags.keySet().stream().filter(key -> key.startsWith(repository + ":"))
                .forEach(key -> names.add(key.substring(repository.value().length() + 1)));
        return names.isEmpty() ? Optional.empty() : Optional.of(names);
    }

    @Override
    public String describe() {
        return "fake-upstream";
    }

    /** Sends one byte, then blocks until closed, as an upstream that hangs mid-transfer. */
    static final class StallingStream extends InputStream {
        private final byte[] content;
        private final CountDownLatch closed = new CountDownLatch(1);
        private boolean sentFirst;

        StallingStream(byte[] content) {
            this.content = content;
        }

        @Override
        public int read() throws IOException {
            if (!sentFirst) {
                sentFirst = true;
                return content[0] & 0xff;
            }
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("stream closed while stalled");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int value = read();
            b[off] = (byte) value;
            return 1;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
