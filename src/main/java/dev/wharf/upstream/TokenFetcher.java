package dev.wharf.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.apache.hc.client5.http.auth.AuthChallenge;
import org.apache.hc.core5.net.URIBuilder;

/**
 * The token step of the Docker token protocol: {@code GET <realm>?service=<service>&scope=<scope>},
 * with our Basic credentials when we have some, anonymously otherwise (Docker Hub hands anonymous
 * pull tokens for public repositories).
 */
final class TokenFetcher {

    /** A token server answer; the value is never printed. */
    record Token(String value, Duration lifetime) {
        @Override
        public String toString() {
            return "Token[lifetime=" + lifetime + "]";
        }
    }

    /** distribution's minimum, and what it assumes when the server says nothing. */
    static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    private static final int MAX_RESPONSE = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transport transport;
    private final Optional<Credentials> credentials;

    TokenFetcher(Transport transport, Optional<Credentials> credentials) {
        this.transport = transport;
        this.credentials = credentials;
    }

    /**
     * Asks the challenge's realm for a token.
     *
     * @param challenge a Bearer challenge
     * @param scope such as {@code repository:library/ubuntu:pull}
     * @param deadline bounds the request, for a blob transfer
     * @throws UpstreamException DENIED when the token server refuses us, UNAVAILABLE when it is
     *     unreachable or failing, INVALID when its challenge or answer is unusable
     */
    Token fetch(AuthChallenge challenge, String scope, Deadline deadline) throws UpstreamException {
        URI uri = tokenUri(challenge, scope);
        Map<String, List<String>> headers = credentials
                .map(c -> Map.of("Authorization", List.of(c.basicAuthorization())))
                .orElse(Map.of());
        try (Exchange exchange = transport.send("GET", uri, headers, deadline)) {
            if (exchange.isUnavailable()) {
                throw exchange.unavailable();
            }
            if (exchange.status() == 401 || exchange.status() == 403) {
                String hint = credentials.isPresent()
                        ? "check proxy.username and proxy.password"
                        : "it gives no anonymous token; set proxy.username and proxy.password";
                Transport.LOG.log(Level.WARNING, () -> "token server " + Urls.redact(uri) + " refused a token for "
                        + scope + " (" + exchange.status() + "): " + hint);
                throw new UpstreamException(UpstreamException.Kind.DENIED,
                        exchange.describe() + " refused a token for " + scope + " with " + exchange.status());
            }
            if (exchange.status() != 200) {
                throw exchange.unexpected();
            }
            return parse(exchange.body(MAX_RESPONSE), exchange);
        }
    }

    private static URI tokenUri(AuthChallenge challenge, String scope) throws UpstreamException {
        String realm = Challenges.param(challenge, "realm").orElseThrow(() -> new UpstreamException(UpstreamException.Kind.INVALID,
                "the upstream's Bearer challenge names no realm"));
        try {
            URI realmUri = new URI(realm);
            String scheme = realmUri.getScheme();
            if (scheme == null || realmUri.getHost() == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                throw new URISyntaxException(realm, "not an absolute http(s) URL");
            }
            URIBuilder builder = new URIBuilder(realmUri);
            Challenges.param(challenge, "service").ifPresent(service -> builder.addParameter("service", service));
            return builder.addParameter("scope", scope).build();
        } catch (URISyntaxException e) {
            throw new UpstreamException(UpstreamException.Kind.INVALID,
                    "the upstream's Bearer challenge has an unusable realm: " + e.getReason());
        }
    }

    private static Token parse(byte[] body, Exchange exchange) throws UpstreamException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            // The message of a parse error may quote the body, which holds the token: leave it out.
            throw new UpstreamException(UpstreamException.Kind.INVALID, exchange.describe() + " answered no JSON");
        }
        if (root == null || !root.isObject()) {
            throw new UpstreamException(UpstreamException.Kind.INVALID, exchange.describe() + " answered no JSON object");
        }
        String token = text(root, "token").or(() -> text(root, "access_token")).orElseThrow(() -> new UpstreamException(
                UpstreamException.Kind.INVALID, exchange.describe() + " answered neither 'token' nor 'access_token'"));
        JsonNode expiresIn = root.get("expires_in");
        Duration lifetime = expiresIn != null && expiresIn.canConvertToLong() && expiresIn.asLong() > 0
                ? Duration.ofSeconds(expiresIn.asLong())
                : DEFAULT_LIFETIME;
        return new Token(token, lifetime);
    }

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }
}
