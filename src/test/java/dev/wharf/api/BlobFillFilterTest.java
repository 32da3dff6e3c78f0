package dev.wharf.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.Digest;
import dev.wharf.proxy.BlobFills;
import dev.wharf.proxy.ColdBlobs;
import dev.wharf.proxy.RetryLaterException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BlobFillFilterTest {
    private final byte[] content = new byte[] {1, 2, 3, 4};
    private final Digest digest = Digest.sha256Of(content);
    private final String path = "/v2/library/app/blobs/" + digest;
    private final AtomicInteger chained = new AtomicInteger();
    private final FilterChain chain = (request, response) -> chained.incrementAndGet();
    private boolean cached;
    private BlobFills fills = (repository, wanted) -> Optional.of(new ScriptedFill(content));
    private boolean mirror = true;
    private final FakeBlobReads blobs = new FakeBlobReads();

    private BlobFillFilter filter() {
        return new BlobFillFilter(new ColdBlobs() {
            @Override
            public boolean enabled() {
                return mirror;
            }

            @Override
            public BlobFills fills() {
                return fills;
            }

            @Override
            public boolean cached(Digest wanted) {
                return cached;
            }

            @Override
            public Duration fillTimeout() {
                return Duration.ofMinutes(5);
            }
        }, blobs);
    }

    @Test
    void aCachedBlobStreamsAsynchronouslyFromTheStore() throws Exception {
        cached = true;
        FakeOpenBlob blob = new FakeOpenBlob(content);
        blobs.reader = (repository, wanted) -> Optional.of(blob);
        FakeRequest request = new FakeRequest("GET", path);
        filter().doFilter(request, request.response, chain);
        assertEquals(0, chained.get());
        assertEquals(0, request.async.timeout, "a long download to a slow client is not cut off by a total time limit");
        request.async.runTasks();
        assertEquals(200, request.response.status);
        assertArrayEquals(content, request.response.output.bytes());
        assertTrue(request.async.endedNormally());
        assertTrue(blob.closed);
    }

    @Test
    void aPrivateRegistryStreamsStoredBlobsAsynchronously() throws Exception {
        mirror = false;
        blobs.reader = (repository, wanted) -> Optional.of(new FakeOpenBlob(content));
        FakeRequest request = new FakeRequest("GET", path);
        request.header("Range", "bytes=1-2");
        filter().doFilter(request, request.response, chain);
        request.async.runTasks();
        assertEquals(206, request.response.status);
        assertArrayEquals(new byte[] {2, 3}, request.response.output.bytes());
        assertEquals(0, chained.get());
    }

    @Test
    void anUnknownBlobGoesToTheResource() throws Exception {
        mirror = false;
        FakeRequest request = new FakeRequest("GET", path);
        filter().doFilter(request, request.response, chain);
        assertEquals(1, chained.get());
        assertNull(request.async);
    }

    @Test
    void aStoreErrorGoesToTheResource() throws Exception {
        cached = true;
        blobs.reader = (repository, wanted) -> {
            throw new RetryLaterException("upstream down (fake)", Duration.ofSeconds(1));
        };
        FakeRequest request = new FakeRequest("GET", path);
        filter().doFilter(request, request.response, chain);
        assertEquals(1, chained.get());
        assertNull(request.async);
    }

    @Test
    void anUnsatisfiableRangeGoesToTheResourceAndTheBlobIsReleased() throws Exception {
        mirror = false;
        FakeOpenBlob blob = new FakeOpenBlob(content);
        blobs.reader = (repository, wanted) -> Optional.of(blob);
        FakeRequest request = new FakeRequest("GET", path);
        request.header("Range", "bytes=10-20");
        filter().doFilter(request, request.response, chain);
        assertEquals(1, chained.get());
        assertNull(request.async);
        assertTrue(blob.closed);
    }

    @Test
    void aBadDigestGoesToTheResource() throws Exception {
        FakeRequest request = new FakeRequest("GET", "/v2/library/app/blobs/sha256:nothex");
        filter().doFilter(request, request.response, chain);
        assertEquals(1, chained.get());
        assertEquals(0, blobs.reads);
    }

    @Test
    void aHeadGoesToTheResource() throws Exception {
        FakeRequest request = new FakeRequest("HEAD", path);
        filter().doFilter(request, request.response, chain);
        assertEquals(1, chained.get());
    }

    @Test
    void aColdBlobStreamsAsynchronouslyFromItsFill() throws Exception {
        ScriptedFill fill = new ScriptedFill(content);
        fills = (repository, wanted) -> Optional.of(fill);
        FakeRequest request = new FakeRequest("GET", path);
        filter().doFilter(request, request.response, chain);
        assertEquals(0, chained.get());
        assertEquals(Duration.ofMinutes(5).toMillis(), request.async.timeout);
        fill.streaming(content.length);
        fill.commit();
        request.async.runTasks();
        assertEquals(200, request.response.status);
        assertTrue(request.async.endedNormally());
        assertTrue(fill.closed);
    }

    @Test
    void aBlobCommittedBetweenTheLookAndTheJoinGoesToTheResource() throws Exception {
        fills = (repository, wanted) -> Optional.empty();
        FakeRequest request = new FakeRequest("GET", path);
        filter().doFilter(request, request.response, chain);
        assertEquals(1, chained.get());
        assertNull(request.async);
    }

    @Test
    void aBusyMirrorAnswers503WithRetryAfter() throws Exception {
        fills = (repository, wanted) -> {
            throw new RetryLaterException("busy (fake)", Duration.ofSeconds(10));
        };
        FakeRequest request = new FakeRequest("GET", path);
        filter().doFilter(request, request.response, chain);
        assertEquals(503, request.response.status);
        assertEquals("10", request.response.getHeader("Retry-After"));
        assertTrue(new String(request.response.output.bytes()).contains("UNAVAILABLE"));
        assertFalse(request.isAsyncStarted());
    }

    @Test
    void anAbortedTransferBreaksTheConnection() {
        FakeRequest request = new FakeRequest("GET", path);
        request.dispatcherType = DispatcherType.ASYNC;
        request.setAttribute(AsyncBlobResponder.ABORT_ATTRIBUTE, "connection reset (fake)");
        assertThrows(IOException.class, () -> filter().doFilter(request, request.response, chain));
    }
}
