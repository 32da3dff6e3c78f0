package dev.wharf.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlobStreamResponderTest {
    private final byte[] content = content(300_000);
    private final FakeOpenBlob blob = new FakeOpenBlob(content);
    private final FakeRequest request = new FakeRequest("GET", "/v2/library/app/blobs/" + blob.digest());

    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private FakeAsyncContext start(String range) {
        BlobResponse head = BlobResponse.get(blob.digest(), blob.size(), range, List.of());
        FakeAsyncContext context = (FakeAsyncContext) request.startAsync();
        new BlobStreamResponder(context, blob, head).start();
        return context;
    }

    @Test
    void streamsTheWholeBlobWithItsHeadAndReleasesIt() {
        FakeAsyncContext context = start(null);
        assertEquals(200, request.response.status);
        assertEquals(String.valueOf(content.length), request.response.getHeader("Content-Length"));
        assertEquals(blob.digest().toString(), request.response.getHeader("Docker-Content-Digest"));
        assertEquals(0, request.response.output.bytes().length, "the body is written by the container's onWritePossible");
        context.runTasks();
        assertArrayEquals(content, request.response.output.bytes());
        assertTrue(context.endedNormally());
        assertTrue(blob.closed);
    }

    @Test
    void aRangeSendsOnlyItsBytes() {
        FakeAsyncContext context = start("bytes=1000-200999");
        context.runTasks();
        assertEquals(206, request.response.status);
        assertEquals("bytes 1000-200999/" + content.length, request.response.getHeader("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(content, 1000, 201_000), request.response.output.bytes());
        assertTrue(context.endedNormally());
    }

    @Test
    void aSlowClientIsFedOnlyWhenItCanTakeMore() {
        request.response.output.capacity = 10_000;
        FakeAsyncContext context = start(null);
        context.runTasks();
        int first = request.response.output.bytes().length;
        assertTrue(first < content.length, "nothing may be written while the client cannot take it");
        assertFalse(context.completed);
        context.runTasks();
        assertEquals(first, request.response.output.bytes().length, "no write without onWritePossible");
        while (!context.completed) {
            request.response.output.drain(70_000);
            context.runTasks();
        }
        assertArrayEquals(content, request.response.output.bytes());
        assertTrue(context.endedNormally());
        assertTrue(blob.closed);
    }

    @Test
    void theResponseCompletesOnlyOnceTheLastWriteWentOut() {
        request.response.output.capacity = content.length; // the last write fills the client up
        FakeAsyncContext context = start(null);
        context.runTasks();
        assertEquals(content.length, request.response.output.bytes().length);
        assertFalse(context.completed, "completing with a write pending is what broke bodies on Tomcat 10.1");
        request.response.output.drain(1);
        context.runTasks();
        assertTrue(context.endedNormally());
    }

    @Test
    void aFileShorterThanAnnouncedBreaksTheTransfer() {
        blob.shortBy = 1;
        FakeAsyncContext context = start(null);
        context.runTasks();
        assertTrue(context.dispatched, "a short file must abort the response, not complete it");
        assertFalse(context.completed);
        assertTrue(request.getAttribute(AsyncBlobResponder.ABORT_ATTRIBUTE) != null);
        assertEquals(content.length - 1, request.response.output.bytes().length);
        assertTrue(blob.closed);
    }

    @Test
    void aClientThatWentAwayEndsQuietly() {
        request.response.output.broken = true;
        FakeAsyncContext context = start(null);
        context.runTasks();
        assertTrue(context.endedNormally());
        assertTrue(blob.closed);
    }

    @Test
    void theContainerEndingTheRequestReleasesTheBlob() throws Exception {
        request.response.output.capacity = 10_000;
        FakeAsyncContext context = start(null);
        context.runTasks();
        context.fireComplete(); // the connector's write timeout, or the client gone
        assertTrue(blob.closed);
        request.response.output.drain(1_000_000);
        context.runTasks();
        assertTrue(request.response.output.bytes().length < content.length, "nothing is written after the end");
    }

    @Test
    void aHeadWithoutBodyIsRefused() {
        BlobResponse notModified = BlobResponse.get(blob.digest(), blob.size(), null, List.of("\"" + blob.digest() + "\""));
        FakeAsyncContext context = (FakeAsyncContext) request.startAsync();
        assertThrows(IllegalArgumentException.class, () -> new BlobStreamResponder(context, blob, notModified));
    }
}
