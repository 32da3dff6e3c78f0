package dev.wharf.upstream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235 section 4.1), such as
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io"}.
 *
 * <p>The scheme and parameter names are kept in lower case, since both are case-insensitive;
 * values are kept as sent, with the quoting and escapes of quoted strings removed.
 *
 * @param scheme the auth-scheme in lower case, such as {@code bearer} or {@code basic}
 * @param params the auth-params by lower-case name
 */
record Challenge(String scheme, Map<String, String> params) {

    static final String BASIC = "basic";
    static final String BEARER = "bearer";

    Challenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A parameter's value, by case-insensitive name. */
    Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    boolean isBearer() {
        return BEARER.equals(scheme);
    }

    boolean isBasic() {
        return BASIC.equals(scheme);
    }

    /** Every challenge in every given header value, in order. */
    static List<Challenge> parseAll(Iterable<String> headerValues) {
        List<Challenge> challenges = new ArrayList<>();
        for (String value : headerValues) {
            challenges.addAll(parse(value));
        }
        return challenges;
    }

    /**
     * Parses one header value, which may hold several challenges:
     * {@code Basic realm="a", Bearer realm="b",scope="x,y"}. The grammar is ambiguous at a comma
     * (a next parameter or a next challenge); a token followed by {@code =} is a parameter, any
     * other token starts a challenge. Malformed input never throws: what can be read is returned,
     * and a token68 credential blob ({@code Negotiate abc==}) is skipped.
     */
    static List<Challenge> parse(String header) {
        List<Challenge> challenges = new ArrayList<>();
        if (header == null) {
            return challenges;
        }
        Cursor in = new Cursor(header);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            in.skip(" \t,");
            if (in.atEnd()) {
                break;
            }
            String token = in.token();
            if (token.isEmpty()) {
                // Not a token character: skip to the next list element and resynchronise there.
                in.skipPast(',');
                continue;
            }
            in.skip(" \t");
            if (in.peek() == '=' && scheme != null) {
                in.next();
                in.skip(" \t");
                if (in.atEnd() || in.peek() == ',' || in.peek() == '=') {
                    // token68 such as "abc==" after a scheme, not a parameter
                    in.skipPast(',');
                    continue;
                }
                String value = in.peek() == '"' ? in.quoted() : in.bare();
                params.putIfAbsent(token.toLowerCase(Locale.ROOT), value);
            } else if (in.peek() == '=') {
                // A parameter before any scheme: malformed, ignore it.
                in.skipPast(',');
            } else {
                if (scheme != null) {
                    challenges.add(new Challenge(scheme, params));
                }
                scheme = token;
                params = new LinkedHashMap<>();
            }
        }
        if (scheme != null) {
            challenges.add(new Challenge(scheme, params));
        }
        return challenges;
    }

    /** A read position in a header value. */
    private static final class Cursor {
        private static final String TOKEN_SPECIALS = "!#$%&'*+-.^_`|~";
        private final String text;
        private int pos;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return atEnd() ? '\0' : text.charAt(pos);
        }

        void next() {
            pos++;
        }

        void skip(String chars) {
            while (!atEnd() && chars.indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        void skipPast(char c) {
            while (!atEnd() && text.charAt(pos) != c) {
                pos++;
            }
            if (!atEnd()) {
                pos++;
            }
        }

        String token() {
            int start = pos;
            while (!atEnd() && isTokenChar(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }

        /** An unquoted value; lenient, since registries send unquoted URLs, which are not tokens. */
        String bare() {
            int start = pos;
            while (!atEnd() && text.charAt(pos) != ',' && text.charAt(pos) != ' ' && text.charAt(pos) != '\t') {
                pos++;
            }
            return text.substring(start, pos);
        }

        /** A quoted string, at its opening quote; an unterminated one runs to the end. */
        String quoted() {
            StringBuilder value = new StringBuilder();
            pos++;
            while (!atEnd()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && !atEnd()) {
                    c = text.charAt(pos++);
                }
                value.append(c);
            }
            return value.toString();
        }

        private static boolean isTokenChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TOKEN_SPECIALS.indexOf(c) >= 0;
        }
    }
}
