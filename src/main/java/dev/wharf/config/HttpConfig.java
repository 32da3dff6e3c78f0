package dev.wharf.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code http} section.
 *
 * @param prefix {@code http.prefix}: the context path the WAR is meant to be deployed at
 *     (the servlet container decides the real one; a mismatch is logged), default {@code /}
 * @param relativeUrls {@code http.relativeurls}: answer {@code Location} headers with paths
 *     instead of absolute URLs, default false
 * @param host {@code http.host}: the externally visible base URL (scheme, host, port) to use in
 *     absolute {@code Location} headers instead of the request's; empty when unset
 */
public record HttpConfig(String prefix, boolean relativeUrls, Optional<String> host) {

    @JsonCreator
    static HttpConfig bind(@JsonProperty("prefix") String prefix, @JsonProperty("relativeurls") Boolean relativeUrls,
            @JsonProperty("host") String host) {
        return new HttpConfig(Objects.requireNonNullElse(prefix, "/"), Boolean.TRUE.equals(relativeUrls), Optional.ofNullable(host));
    }

    void check(ConfigTree tree) {
        if (!prefix.startsWith("/")) {
            tree.problem("http.prefix", prefix, "but must start with \"/\"; set it to the path Wharf is served under,"
                    + " e.g. \"/" + prefix + "\", or \"/\" for the root");
        } else if (prefix.chars().anyMatch(c -> c == '?' || c == '#' || Character.isWhitespace(c))) {
            tree.problem("http.prefix", prefix, "but must be a plain URL path, without spaces, \"?\" or \"#\"");
        }
        host.flatMap(HttpConfig::notAnHttpUrl).ifPresent(why -> tree.problem("http.host", host.get(), why
                + "; set it to the URL clients reach the registry at, e.g. \"https://registry.example.com\","
                + " or leave it unset to use the request's"));
    }

    /** Why {@code value} is not an absolute http(s) URL with a host and without query or fragment; empty if it is one. */
    static Optional<String> notAnHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = Objects.requireNonNullElse(uri.getScheme(), "");
            if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
                return Optional.of("but must be an absolute http or https URL");
            }
            if (uri.getHost() == null) {
                return Optional.of("which names no host");
            }
            return uri.getRawQuery() != null || uri.getRawFragment() != null
                    ? Optional.of("but must not have a query or fragment") : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("which is not a valid URL (" + e.getReason() + ")");
        }
    }
}
