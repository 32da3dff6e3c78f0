package dev.wharf.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.auth.AuthChallenge;
import org.junit.jupiter.api.Test;

/** The token cache on a clock moved by hand, with a token server faked by a lambda. */
class BearerTokensTest {

    private static final AuthChallenge CHALLENGE = Challenges.parse(
            List.of("Bearer realm=\"https://auth.example/token\",service=\"registry.example\"")).get(0);

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger issued = new AtomicInteger();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    /** expires_in by scope; 300 s for any other. */
    private final Map<String, Duration> lifetimes = new ConcurrentHashMap<>();

    private final BearerTokens.Source source = (challenge, scope, deadline) -> {
        asked.add(scope);
        return new TokenFetcher.Token("token-" + issued.incrementAndGet(), lifetimes.getOrDefault(scope, Duration.ofSeconds(300)));
    };

    @Test
    void eachTokenExpiresWithItsOwnLifetime() throws Exception {
        BearerTokens tokens = new BearerTokens(source, clock, "upstream");
        lifetimes.put("short", Duration.ofSeconds(60));
        lifetimes.put("long", Duration.ofSeconds(3600));

        assertEquals("token-1", tokens.token(CHALLENGE, "short", Deadline.NONE));
        assertEquals("token-2", tokens.token(CHALLENGE, "long", Deadline.NONE));
        clock.advance(Duration.ofSeconds(49));
        assertEquals("token-1", tokens.token(CHALLENGE, "short", Deadline.NONE));
        // 60 s less the 10 s margin: replaced before it expires in flight.
        clock.advance(Duration.ofSeconds(1));
        assertEquals("token-3", tokens.token(CHALLENGE, "short", Deadline.NONE));
        clock.advance(Duration.ofSeconds(3500));
        assertEquals("token-2", tokens.token(CHALLENGE, "long", Deadline.NONE));
        clock.advance(Duration.ofSeconds(100));
        assertEquals("token-4", tokens.token(CHALLENGE, "long", Deadline.NONE));
        assertEquals(List.of("short", "long", "short", "long"), asked);
    }

    @Test
    void aVeryShortTokenIsKeptForHalfItsLife() throws Exception {
        BearerTokens tokens = new BearerTokens(source, clock, "upstream");
        lifetimes.put("s", Duration.ofSeconds(8));

        tokens.token(CHALLENGE, "s", Deadline.NONE);
        clock.advance(Duration.ofSeconds(3));
        tokens.token(CHALLENGE, "s", Deadline.NONE);
        assertEquals(1, issued.get());
        clock.advance(Duration.ofSeconds(1));
        tokens.token(CHALLENGE, "s", Deadline.NONE);
        assertEquals(2, issued.get());
    }

    @Test
    void theCacheIsBounded() throws Exception {
        BearerTokens tokens = new BearerTokens(source, clock, "upstream", 5);

        for (int i = 0; i < 200; i++) {
            tokens.token(CHALLENGE, "repository:r" + i + ":pull", Deadline.NONE);
        }

        assertTrue(tokens.size() <= 5, () -> tokens.size() + " scopes kept");
        assertEquals(200, issued.get());
    }

    @Test
    void expiredTokensLeaveTheCache() throws Exception {
        BearerTokens tokens = new BearerTokens(source, clock, "upstream");
        for (int i = 0; i < 20; i++) {
            tokens.token(CHALLENGE, "repository:r" + i + ":pull", Deadline.NONE);
        }
        assertEquals(20, tokens.size());

        clock.advance(Duration.ofSeconds(291));

        assertEquals(0, tokens.size());
    }

    @Test
    void invalidateDropsOnlyThatScope() throws Exception {
        BearerTokens tokens = new BearerTokens(source, clock, "upstream");
        AuthChallenge otherService = Challenges.parse(
                List.of("Bearer realm=\"https://auth.example/token\",service=\"other\"")).get(0);
        tokens.token(CHALLENGE, "a", Deadline.NONE);
        tokens.token(otherService, "a", Deadline.NONE);
        tokens.token(CHALLENGE, "b", Deadline.NONE);

        tokens.invalidate("a");

        assertEquals("token-4", tokens.token(CHALLENGE, "a", Deadline.NONE));
        assertEquals("token-5", tokens.token(otherService, "a", Deadline.NONE));
        assertEquals("token-3", tokens.token(CHALLENGE, "b", Deadline.NONE));
    }

    @Test
    void aFailedFetchCachesNothingAndPassesTheDeadlineOn() throws Exception {
        Deadline deadline = new Deadline(java.time.Instant.now().plusSeconds(5));
        List<Deadline> seen = new CopyOnWriteArrayList<>();
        UpstreamException down = new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "token server down");
        BearerTokens failing = new BearerTokens((challenge, scope, d) -> {
            seen.add(d);
            throw down;
        }, clock, "upstream");

        assertSame(down, assertThrows(UpstreamException.class, () -> failing.token(CHALLENGE, "a", deadline)));
        assertEquals(0, failing.size());
        assertEquals(List.of(deadline), seen);
    }
}
