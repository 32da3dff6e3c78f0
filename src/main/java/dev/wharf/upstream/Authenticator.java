package dev.wharf.upstream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import org.apache.hc.client5.http.auth.AuthChallenge;

/**
 * Knows how the upstream wants to be authenticated, and gives each request its
 * {@code Authorization} header, as distribution's challenge manager does.
 *
 * <p>The first request pings {@code /v2/}: a 200 means anonymous access, a 401 carries the
 * challenge (Basic: our credentials go along with every request; Bearer: a token per repository
 * scope from the realm). A later 401 replaces the challenge with the one it carries.
 *
 * <p>Thread-safe: the ping runs once (concurrent first requests wait for it, a blob transfer no
 * longer than its deadline); a failed ping is tried again by the next request.
 */
final class Authenticator {

    private final Transport transport;
    private final Urls urls;
    private final Optional<Credentials> credentials;
    private final BearerTokens tokens;
    private final ReentrantLock pingLock = new ReentrantLock();
    /** null until the ping answered; empty for anonymous access. */
    private volatile Optional<AuthChallenge> challenge;

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
     * @param deadline bounds the ping and the token request this may need
     */
    Optional<String> authorization(String scope, Deadline deadline) throws UpstreamException {
        Optional<AuthChallenge> known = challenge(deadline);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        if (Challenges.isBearer(known.get())) {
            return Optional.of("Bearer " + tokens.token(known.get(), scope, deadline));
        }
        return credentials.map(Credentials::basicAuthorization);
    }

    /**
     * Learns from a 401 to a request in a scope: adopts the challenge it carries (if any) and drops
     * the scope's token, so that the next {@link #authorization} fetches a fresh one.
     */
    void challenged(String scope, List<AuthChallenge> challenges) {
        choose(challenges).ifPresent(chosen -> challenge = Optional.of(chosen));
        tokens.invalidate(scope);
    }

    /** Whether we send credentials of our own (otherwise we are anonymous). */
    boolean hasCredentials() {
        return credentials.isPresent();
    }

    private Optional<AuthChallenge> challenge(Deadline deadline) throws UpstreamException {
        Optional<AuthChallenge> known = challenge;
        if (known != null) {
            return known;
        }
        try {
            // A blob transfer waits for another thread's ping no longer than its own deadline.
            if (deadline.equals(Deadline.NONE)) {
                pingLock.lockInterruptibly();
            } else if (!pingLock.tryLock(deadline.bound(Duration.ofDays(1)).toNanos(), TimeUnit.NANOSECONDS)) {
                throw deadline.exceeded("waiting for the ping of " + urls.display());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
                    "interrupted while waiting for the ping of " + urls.display(), e);
        }
        try {
            if (challenge == null) {
                challenge = ping(deadline);
            }
            return challenge;
        } finally {
            pingLock.unlock();
        }
    }

    private Optional<AuthChallenge> ping(Deadline deadline) throws UpstreamException {
        try (Exchange exchange = transport.send("GET", urls.ping(), Map.of(), deadline)) {
            int status = exchange.status();
            if (exchange.isUnavailable()) {
                throw exchange.unavailable();
            }
            if (status == 401) {
                Optional<AuthChallenge> chosen = choose(Challenges.parse(exchange.headers("WWW-Authenticate")));
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
    private static Optional<AuthChallenge> choose(List<AuthChallenge> challenges) {
        Optional<AuthChallenge> bearer = challenges.stream()
                .filter(c -> Challenges.isBearer(c) && Challenges.param(c, "realm").isPresent())
                .findFirst();
        return bearer.isPresent() ? bearer : challenges.stream().filter(Challenges::isBasic).findFirst();
    }
}
