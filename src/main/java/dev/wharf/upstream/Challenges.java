package dev.wharf.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.auth.AuthChallenge;
import org.apache.hc.client5.http.auth.ChallengeType;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.impl.auth.AuthChallengeParser;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.message.ParserCursor;

/**
 * {@code WWW-Authenticate} challenges (RFC 7235), read by HttpClient's own parser, and the two
 * questions we ask of them. Scheme and parameter names are case-insensitive; values come without
 * the quoting and escapes of quoted strings.
 */
final class Challenges {

    private Challenges() {}

    /**
     * Every challenge in every given header value, in order. A value the parser cannot read yields
     * nothing rather than an exception: the others may still name a scheme we speak, and with none
     * the caller proceeds unauthenticated and reports what the upstream then answers.
     */
    static List<AuthChallenge> parse(Iterable<String> headerValues) {
        List<AuthChallenge> challenges = new ArrayList<>();
        for (String value : headerValues) {
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                challenges.addAll(AuthChallengeParser.INSTANCE.parse(
                        ChallengeType.TARGET, value, new ParserCursor(0, value.length())));
            } catch (ParseException e) {
                Transport.LOG.fine(() -> "ignoring a WWW-Authenticate header that is no challenge list: " + value);
            }
        }
        return challenges;
    }

    /** A parameter's value by case-insensitive name; the first one when it is repeated. */
    static Optional<String> param(AuthChallenge challenge, String name) {
        List<NameValuePair> params = challenge.getParams();
        if (params == null) {
            return Optional.empty();
        }
        return params.stream()
                .filter(p -> p.getName().equalsIgnoreCase(name))
                .map(NameValuePair::getValue)
                .filter(value -> value != null)
                .findFirst();
    }

    static boolean isBearer(AuthChallenge challenge) {
        return StandardAuthScheme.BEARER.equalsIgnoreCase(challenge.getSchemeName());
    }

    static boolean isBasic(AuthChallenge challenge) {
        return StandardAuthScheme.BASIC.equalsIgnoreCase(challenge.getSchemeName());
    }
}
