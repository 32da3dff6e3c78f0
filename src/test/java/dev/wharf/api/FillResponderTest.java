package dev.wharf.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.Digest;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.proxy.RetryLaterException;
import java.time.Duration;
import java.io.FileNotFoundException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FillResponderTest {
    private final byte[] content = content(200_000);
    private final Digest digest = Digest.sha256Of(content);
    private final ScriptedFill fill = new ScriptedFill(content);
    private final FakeRequest request = new FakeRequest("GET", "/v2/library/app/blobs/" + digest);

    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private FakeAsyncContext start() {
        FakeAsyncContext context = (FakeAsyncContext) request.startAsync();
        new FillResponder(context, fill, digest).start();
        context.runTasks();
        return context;
    }

    @Test
    void streamsTheWholeBlobAndEndsOnlyAfterCommit() {
        FakeAsyncContext context = start();
        fill.streaming(content.length);
        fill.arrive(content.length);
        context.runTasks();
        assertEquals(200, request.response.status);
        assertEquals(content.length - 1, request.response.output.bytes().length, "the last byte waits for verification");
        assertFalse(context.completed);
        fill.commit();
        context.runTasks();
        assertArrayEquals(content, request.response.output.bytes());
        assertTrue(context.endedNormally());
    }

    @Test
    void fillEventsOnlySignalAndTheContainerWrites() {
        FakeAsyncContext context = start();
        fill.streaming(content.length);
        context.runTasks();
        fill.arrive(100_000); // on this thread, as the fill's thread would
        assertEquals(0, request.response.output.bytes().length, "a fill event must not write to the client");
        Thread fillThread = Thread.currentThread();
        Thread container = new Thread(context::runTasks);
        container.start();
        join(container);
        assertEquals(100_000 - 1, request.response.output.bytes().length);
        assertNotSame(fillThread, request.response.output.lastWriter);
    }

    @Test
    void aSpoolThatCannotBeOpenedBreaksTheTransfer() {
        FakeAsyncContext context = start();
        fill.streaming(content.length);
        context.runTasks();
        fill.openFailure = new FileNotFoundException("spool deleted (fake)");
        fill.arrive(1000);
        context.runTasks();
        assertTrue(context.dispatched, "a broken spool must abort the response, not complete it");
        assertFalse(context.completed);
    }

    @Test
    void aBugInTheDrainLoopAbortsAndReleasesTheFill() {
        FakeAsyncContext context = start();
        fill.streaming(content.length);
        context.runTasks();
        fill.openFailure = new IllegalStateException("a bug (fake)");
        try {
            fill.arrive(1000);
            context.runTasks();
        } catch (IllegalStateException e) {
            // the old code let it escape; what matters is the state afterwards
        }
        assertTrue(context.dispatched, "the response is aborted");
        assertTrue(fill.listeners.isEmpty(), "the fill no longer calls a dead responder");
    }

    @Test
    void completionClosesTheSpool() throws Exception {
        FakeAsyncContext context = start();
        fill.streaming(content.length);
        fill.arrive(1000);
        context.runTasks();
        assertEquals(1, fill.opened);
        context.fireComplete(); // the container ends the request (client gone, timeout)
        assertTrue(fill.spoolClosed);
        assertTrue(fill.listeners.isEmpty());
        assertTrue(fill.closed, "the reader's hold on the digest is released");
    }

    @Test
    void aSlowClientIsFedWhenItCanTakeMore() {
        request.response.output.capacity = 10_000;
        FakeAsyncContext context = start();
        fill.streaming(content.length);
        fill.commit();
        context.runTasks();
        assertTrue(request.response.output.bytes().length < content.length);
        assertFalse(context.completed);
        while (!context.completed) {
            request.response.output.drain(50_000);
            context.runTasks();
        }
        assertArrayEquals(content, request.response.output.bytes());
        assertTrue(context.endedNormally());
    }

    @Test
    void aFailureMidBodyBreaksTheTransfer() {
        FakeAsyncContext context = start();
        fill.streaming(content.length);
        fill.arrive(5000);
        context.runTasks();
        fill.fail(new RegistryException(OciErrorCode.UNAVAILABLE, "connection reset (fake)"));
        context.runTasks();
        assertTrue(context.dispatched);
        assertEquals(4999, request.response.output.bytes().length);
        assertTrue(Arrays.equals(Arrays.copyOf(content, 4999), request.response.output.bytes()));
    }

    @Test
    void aRefusedUpstreamIsDeniedNotUnavailable() {
        FakeAsyncContext context = start();
        fill.fail(new RegistryException(OciErrorCode.DENIED, "refused (fake)"));
        context.runTasks();
        assertEquals(403, request.response.status);
        assertTrue(new String(request.response.output.bytes()).contains("DENIED"));
        assertTrue(context.endedNormally());
        assertTrue(fill.closed);
    }

    @Test
    void aBusyMirrorAsksToRetryLater() {
        FakeAsyncContext context = start();
        fill.fail(new RetryLaterException("busy (fake)", Duration.ofSeconds(10)));
        context.runTasks();
        assertEquals(503, request.response.status);
        assertEquals("10", request.response.getHeader("Retry-After"));
    }

    @Test
    void aRangeIsStreamedAsItsBytesArriveAndItsLastByteWaitsForVerification() {
        request.header("Range", "bytes=1000-1999");
        FakeAsyncContext context = start();
        fill.streaming(content.length);
        fill.arrive(1500);
        context.runTasks();
        assertEquals(206, request.response.status);
        assertEquals("bytes 1000-1999/" + content.length, request.response.getHeader("Content-Range"));
        assertEquals("1000", request.response.getHeader("Content-Length"));
        assertEquals(499, request.response.output.bytes().length);
        fill.arrive(150_000);
        context.runTasks();
        assertEquals(999, request.response.output.bytes().length, "the range's last byte waits for the commit");
        assertFalse(context.completed);
        fill.commit();
        context.runTasks();
        assertArrayEquals(Arrays.copyOfRange(content, 1000, 2000), request.response.output.bytes());
        assertTrue(context.endedNormally());
    }

    @Test
    void aRangeOfABlobOfUnknownSizeGetsTheWholeBlob() {
        request.header("Range", "bytes=1000-1999");
        FakeAsyncContext context = start();
        fill.streaming(-1);
        fill.commit();
        context.runTasks();
        assertEquals(200, request.response.status);
        assertArrayEquals(content, request.response.output.bytes());
    }

    @Test
    void aRangeOutsideTheBlobIs416() {
        request.header("Range", "bytes=" + content.length + "-");
        FakeAsyncContext context = start();
        fill.streaming(content.length);
        context.runTasks();
        assertEquals(416, request.response.status);
        assertEquals("bytes */" + content.length, request.response.getHeader("Content-Range"));
        assertTrue(context.endedNormally());
    }

    @Test
    void aMatchingEntityTagIsNotModified() {
        request.header("If-None-Match", "\"" + digest + "\"");
        FakeAsyncContext context = start();
        fill.streaming(content.length);
        context.runTasks();
        assertEquals(304, request.response.status);
        assertEquals(0, request.response.output.bytes().length);
        assertTrue(context.endedNormally());
    }

    @Test
    void headersMatchTheCachedPath() {
        FakeAsyncContext context = start();
        fill.streaming(content.length);
        context.runTasks();
        assertEquals(BlobResponse.get(digest, content.length, null, null).headers().size() + 1,
                request.response.headers.size(), "same headers plus Docker-Distribution-API-Version");
        assertEquals("bytes", request.response.getHeader("Accept-Ranges"));
        assertEquals("max-age=31536000", request.response.getHeader("Cache-Control"));
        assertEquals("\"" + digest + "\"", request.response.getHeader("ETag"));
        assertEquals(Long.toString(content.length), request.response.getHeader("Content-Length"));
    }

    private static void join(Thread thread) {
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
