package dev.wharf.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;

/**
 * Bearer tokens by realm, service and scope, each used until shortly before it expires.
 *
 * <p>Thread-safe. Two threads that both miss fetch a token each and the later one is kept: that
 * costs a token request now and then, and saves a lock around a network call.
 *
 * <p>A token's life is counted from when we asked for it, on our own clock. The {@code issued_at}
 * of a token answer is not used: with the token server's clock ahead of ours or behind, it would
 * make tokens look expired on arrival (one token request per upstream request) or valid past
 * their end.
 */
final class BearerTokens {

    /** At most this long before expiry a token is replaced, so it does not expire in flight. */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(10);

    private record Key(String realm, String service, String scope) {}

    private record Cached(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "Cached[refreshAt=" + refreshAt + "]";
        }
    }

    private final TokenFetcher fetcher;
    private final Clock clock;
    private final String upstream;
    private final Map<Key, Cached> tokens = new ConcurrentHashMap<>();

    BearerTokens(TokenFetcher fetcher, Clock clock, String upstream) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.upstream = upstream;
    }

    /** A usable token for the scope, from the cache or from the challenge's realm. */
    String token(Challenge challenge, String scope) throws UpstreamException {
        Key key = new Key(challenge.param("realm").orElse(""), challenge.param("service").orElse(""), scope);
        Instant now = clock.instant();
        Cached cached = tokens.get(key);
        if (cached != null && now.isBefore(cached.refreshAt())) {
            return cached.value();
        }
        TokenFetcher.Token token = fetcher.fetch(challenge, scope);
        // Short-lived tokens are replaced at half their life rather than never used.
        Duration margin = token.lifetime().dividedBy(2).compareTo(REFRESH_MARGIN) < 0
                ? token.lifetime().dividedBy(2)
                : REFRESH_MARGIN;
        tokens.put(key, new Cached(token.value(), now.plus(token.lifetime()).minus(margin)));
        Transport.LOG.log(Level.INFO, () -> "upstream " + upstream + ": obtained a token for " + scope + " from "
                + Urls.redact(java.net.URI.create(key.realm())) + ", valid " + token.lifetime().toSeconds() + " s");
        return token.value();
    }

    /** Forgets every token for a scope, after the upstream refused one. */
    void invalidate(String scope) {
        tokens.keySet().removeIf(key -> key.scope().equals(scope));
    }
}
