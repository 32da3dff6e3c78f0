package dev.wharf.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    @Test
    void noneNeverPassesNorShortensATimeout() {
        assertFalse(Deadline.NONE.passed());
        assertEquals(Duration.ofSeconds(30), Deadline.NONE.bound(Duration.ofSeconds(30)));
    }

    @Test
    void boundIsTheShorterOfTimeoutAndTimeLeft() {
        Deadline far = new Deadline(Instant.now().plus(Duration.ofHours(1)));
        assertEquals(Duration.ofSeconds(30), far.bound(Duration.ofSeconds(30)));
        Deadline near = new Deadline(Instant.now().plus(Duration.ofSeconds(5)));
        Duration bound = near.bound(Duration.ofSeconds(30));
        assertTrue(bound.compareTo(Duration.ofSeconds(5)) <= 0 && bound.compareTo(Duration.ofSeconds(4)) > 0, bound::toString);
        assertFalse(near.passed());
    }

    @Test
    void aPassedDeadlineLeavesAMillisecondAndSaysWhichSettingToRaise() {
        Deadline passed = new Deadline(Instant.now().minusSeconds(1));
        assertTrue(passed.passed());
        assertEquals(Duration.ofMillis(1), passed.bound(Duration.ofSeconds(30)));
        UpstreamException e = passed.exceeded("GET https://registry.example/v2/a/blobs/sha256:00");
        assertEquals(UpstreamException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().startsWith("GET https://registry.example/v2/a/blobs/sha256:00: "), e.getMessage());
        assertTrue(e.getMessage().contains("proxy.filltimeout"), e.getMessage());
    }
}
