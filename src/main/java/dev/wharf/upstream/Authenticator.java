package dev.wharf.upstream;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

/**
 * Knows how the upstream wants to be authenticated, and gives each request its
 * {@code Authorization} header, as distribution's challenge manager does.
 *
 * <p>The first request pings {@code /v2/}: a 200 means anonymous access, a 401 carries the
 * challenge (Basic: our credentials go along with every request; Bearer: a token per repository
 * scope from the realm). A later 401 replaces the challenge with the one it carries.
 *
 * <p>Thread-safe: the ping runs once (concurrent first requests wait for it); a failed ping is
 * tried again by the next request.
 */
final class Authenticator {

    private final Transport transport;
    private final Urls urls;
    private final Optional<Credentials> credentials;
    private final BearerTokens tokens;
    private final Object pingLock = new Object();
    /** null until the ping answered; empty for anonymous access. */
    private volatile Optional<Challenge> challenge;

    Authenticator(Transport transport, Urls urls, Optional<Credentials> credentials, BearerTokens tokens) {
        this.transport = transport;
        this.urls = urls;
        this.credentials = credentials;
        this.tokens = tokens;
    }

    /**
     * The {@code Authorization} header value for a request in a scope; empty for none.
     *
     * @param scope such as {@code repository:library/ubuntu:pull}
     */
    Optional<String> authorization(String scope) throws UpstreamException {
        Optional<Challenge> known = challenge();
        if (known.isEmpty()) {
            return Optional.empty();
        }
        if (known.get().isBearer()) {
            return Optional.of("Bearer " + tokens.token(known.get(), scope));
        }
        return credentials.map(Credentials::basicAuthorization);
    }

    /**
     * Learns from a 401 to a request in a scope: adopts the challenge it carries (if any) and drops
     * the scope's token, so that the next {@link #authorization} fetches a fresh one.
     */
    void challenged(String scope, List<Challenge> challenges) {
        choose(challenges).ifPresent(chosen -> challenge = Optional.of(chosen));
        tokens.invalidate(scope);
    }

    /** Whether we send credentials of our own (otherwise we are anonymous). */
    boolean hasCredentials() {
        return credentials.isPresent();
    }

    private Optional<Challenge> challenge() throws UpstreamException {
        Optional<Challenge> known = challenge;
        if (known != null) {
            return known;
        }
        synchronized (pingLock) {
            if (challenge == null) {
                challenge = ping();
            }
            return challenge;
        }
    }

    private Optional<Challenge> ping() throws UpstreamException {
        try (Exchange exchange = transport.send("GET", urls.ping(), Map.of())) {
            int status = exchange.status();
            if (exchange.isUnavailable()) {
                throw exchange.unavailable();
            }
            if (status == 401) {
                List<Challenge> challenges = Challenge.parseAll(exchange.headers("WWW-Authenticate"));
                Optional<Challenge> chosen = choose(challenges);
                if (chosen.isEmpty()) {
                    Transport.LOG.warning(() -> "upstream " + urls.display() + " answered 401 to " + exchange.describe()
                            + " without a Basic or Bearer challenge; trying without authentication");
                }
                return chosen;
            }
            if (status / 100 != 2) {
                Transport.LOG.log(Level.WARNING, () -> "upstream " + urls.display() + " answered " + status + " to "
                        + exchange.describe() + ": is proxy.remoteurl a registry? Trying without authentication");
            }
            return Optional.empty();
        }
    }

    /** Bearer (with a realm) before Basic; other schemes are not ours to speak. */
    private static Optional<Challenge> choose(List<Challenge> challenges) {
        Optional<Challenge> bearer = challenges.stream()
                .filter(c -> c.isBearer() && c.param("realm").isPresent())
                .findFirst();
        return bearer.isPresent() ? bearer : challenges.stream().filter(Challenge::isBasic).findFirst();
    }
}
