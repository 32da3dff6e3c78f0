package dev.wharf.upstream;

import dev.wharf.domain.RepositoryName;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.apache.hc.client5.http.auth.AuthChallenge;

/**
 * Sends a request to the upstream in a repository's pull scope, authenticated, and owns what every
 * step shares: on a 401 it re-reads the challenge, drops the cached token and retries once; a
 * 401 after that or a 403 is DENIED, a 5xx or 429 UNAVAILABLE. Every other status reaches the step.
 */
final class EndpointCaller {

    private final Transport transport;
    private final Authenticator authenticator;
    private final String upstream;

    EndpointCaller(Transport transport, Authenticator authenticator, String upstream) {
        this.transport = transport;
        this.authenticator = authenticator;
        this.upstream = upstream;
    }

    /** The pull scope of a repository, as token servers expect it. */
    static String pullScope(RepositoryName repository) {
        return "repository:" + repository.value() + ":pull";
    }

    /**
     * Sends a request and returns the open exchange, whose status is neither 401, 403, 429 nor 5xx.
     * The caller closes it.
     *
     * @param accept the {@code Accept} values, one header line each (as distribution's client sends them)
     */
    Exchange call(String method, URI uri, RepositoryName repository, List<String> accept) throws UpstreamException {
        return call(method, uri, repository, accept, Deadline.NONE);
    }

    /** The same, every request on the way (ping, token, retry) bounded by a deadline. */
    Exchange call(String method, URI uri, RepositoryName repository, List<String> accept, Deadline deadline)
            throws UpstreamException {
        String scope = pullScope(repository);
        Exchange exchange = send(method, uri, accept, authenticator.authorization(scope, deadline), deadline);
        if (exchange.status() == 401) {
            List<AuthChallenge> challenges = Challenges.parse(exchange.headers("WWW-Authenticate"));
            exchange.close();
            authenticator.challenged(scope, challenges);
            exchange = send(method, uri, accept, authenticator.authorization(scope, deadline), deadline);
        }
        if (exchange.status() == 401 || exchange.status() == 403) {
            exchange.close();
            throw denied(exchange, scope);
        }
        if (exchange.isUnavailable()) {
            throw exchange.unavailable();
        }
        return exchange;
    }

    private Exchange send(String method, URI uri, List<String> accept, Optional<String> authorization, Deadline deadline)
            throws UpstreamException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (!accept.isEmpty()) {
            headers.put("Accept", accept);
        }
        authorization.ifPresent(value -> headers.put("Authorization", List.of(value)));
        return transport.send(method, uri, headers, deadline);
    }

    private UpstreamException denied(Exchange exchange, String scope) {
        int status = exchange.status();
        String hint = authenticator.hasCredentials()
                ? "denied our credentials for " + scope + ": check proxy.username and proxy.password"
                : "denied anonymous access to " + scope + ": set proxy.username and proxy.password if it needs them";
        Transport.LOG.log(Level.WARNING, () -> "upstream " + upstream + " " + hint + " (" + exchange.describe() + " -> "
                + status + ")");
        return new UpstreamException(UpstreamException.Kind.DENIED, exchange.describe() + " answered " + status
                + " for " + scope + (status == 401 ? ", also after a retry" : ""));
    }
}
