package dev.wharf.upstream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import org.apache.hc.client5.http.auth.AuthChallenge;

/**
 * Bearer tokens by realm, service and scope, each used until shortly before it expires.
 *
 * <p>A Caffeine cache rather than a map: a mirror asked for many repositories would otherwise keep
 * a token per scope forever, long after each expired. Each entry expires when its own token is due
 * for replacement ({@code expires_in} less a margin), and the cache holds at most
 * {@value #MAX_SCOPES} scopes; past that the least useful are dropped, which costs only a token
 * request when one is needed again.
 *
 * <p>Thread-safe. Two threads that both miss fetch a token each and the later one is kept: that
 * costs a token request now and then, and saves a lock around a network call (Caffeine's own
 * loading would hold one, and could not throw our checked exception).
 *
 * <p>A token's life is counted from when we asked for it, on our own clock. The {@code issued_at}
 * of a token answer is not used: with the token server's clock ahead of ours or behind, it would
 * make tokens look expired on arrival (one token request per upstream request) or valid past
 * their end.
 */
final class BearerTokens {

    /** At most this long before expiry a token is replaced, so it does not expire in flight. */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(10);
    /** Scopes (repositories) whose tokens are kept at most. */
    static final int MAX_SCOPES = 10_000;

    /** Where tokens come from: {@link TokenFetcher#fetch}, or a fake in tests. */
    @FunctionalInterface
    interface Source {
        TokenFetcher.Token fetch(AuthChallenge challenge, String scope, Deadline deadline) throws UpstreamException;
    }

    private record Key(String realm, String service, String scope) {}

    private record Cached(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "Cached[refreshAt=" + refreshAt + "]";
        }
    }

    private final Source source;
    private final Clock clock;
    private final String upstream;
    private final Cache<Key, Cached> tokens;

    BearerTokens(Source source, Clock clock, String upstream) {
        this(source, clock, upstream, MAX_SCOPES);
    }

    /** With another bound, for tests. */
    BearerTokens(Source source, Clock clock, String upstream, int maxScopes) {
        this.source = source;
        this.clock = clock;
        this.upstream = upstream;
        this.tokens = Caffeine.newBuilder()
                .maximumSize(maxScopes)
                // Expiry on our clock (the tests move it by hand), in Caffeine's nanoseconds.
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .expireAfter(Expiry.writing((Key key, Cached cached) -> until(cached.refreshAt())))
                // Evictions run on the calling thread: no work handed to the common pool of the
                // servlet container's JVM, and none left behind when the application is undeployed.
                .executor(Runnable::run)
                .build();
    }

    /** A usable token for the scope, from the cache or from the challenge's realm. */
    String token(AuthChallenge challenge, String scope, Deadline deadline) throws UpstreamException {
        Key key = new Key(Challenges.param(challenge, "realm").orElse(""),
                Challenges.param(challenge, "service").orElse(""), scope);
        Cached cached = tokens.getIfPresent(key);
        if (cached != null) {
            return cached.value();
        }
        Instant asked = clock.instant();
        TokenFetcher.Token token = source.fetch(challenge, scope, deadline);
        // Short-lived tokens are replaced at half their life rather than never used.
        Duration margin = token.lifetime().dividedBy(2).compareTo(REFRESH_MARGIN) < 0
                ? token.lifetime().dividedBy(2)
                : REFRESH_MARGIN;
        tokens.put(key, new Cached(token.value(), asked.plus(token.lifetime()).minus(margin)));
        Transport.LOG.log(Level.INFO, () -> "upstream " + upstream + ": obtained a token for " + scope + " from "
                + Urls.redact(URI.create(key.realm())) + ", valid " + token.lifetime().toSeconds() + " s");
        return token.value();
    }

    /** Forgets every token for a scope, after the upstream refused one. */
    void invalidate(String scope) {
        tokens.asMap().keySet().removeIf(key -> key.scope().equals(scope));
    }

    private Duration until(Instant instant) {
        Duration left = Duration.between(clock.instant(), instant);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Scopes with a token kept now, for tests. */
    long size() {
        tokens.cleanUp();
        return tokens.estimatedSize();
    }
}
