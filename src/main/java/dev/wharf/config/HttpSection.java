package dev.wharf.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Reads and checks the {@code http} section into an {@link HttpConfig}. */
final class HttpSection {

    static final KeyPath PREFIX = KeyPath.of("http", "prefix");
    static final KeyPath RELATIVE_URLS = KeyPath.of("http", "relativeurls");
    static final KeyPath HOST = KeyPath.of("http", "host");

    private HttpSection() {}

    /** @return the section; meaningless when problems were recorded */
    static HttpConfig read(Section root) {
        Optional<Section> http = root.section("http");
        if (http.isEmpty()) {
            root.settle(PREFIX, root.defaultOrigin());
            root.settle(RELATIVE_URLS, root.defaultOrigin());
            return new HttpConfig("/", false, Optional.empty());
        }
        Section section = http.get();
        String prefix = section.text("prefix", "/");
        if (!prefix.startsWith("/")) {
            section.problem("prefix", "is " + section.show("prefix", prefix) + ", but must start with \"/\";"
                    + " set it to the path Wharf is served under, e.g. \"/" + prefix + "\", or \"/\" for the root");
        } else if (prefix.chars().anyMatch(c -> c == '?' || c == '#' || Character.isWhitespace(c))) {
            section.problem("prefix", "is " + section.show("prefix", prefix) + ", but must be a plain URL path,"
                    + " without spaces, \"?\" or \"#\"");
        }
        boolean relativeUrls = section.bool("relativeurls", false);
        Optional<String> host = section.text("host");
        host.ifPresent(value -> checkHost(section, value));
        return new HttpConfig(prefix, relativeUrls, host);
    }

    private static void checkHost(Section http, String value) {
        String fix = "; set it to the URL clients reach the registry at, e.g. \"https://registry.example.com\","
                + " or leave it unset to use the request's";
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                http.problem("host", "is " + http.show("host", value) + ", but must be an absolute http or https URL"
                        + fix);
            } else if (uri.getHost() == null) {
                http.problem("host", "is " + http.show("host", value) + ", which names no host" + fix);
            } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                http.problem("host", "is " + http.show("host", value) + ", but must not have a query or fragment"
                        + fix);
            }
        } catch (URISyntaxException e) {
            http.problem("host", "is " + http.show("host", value) + ", which is not a valid URL (" + e.getReason()
                    + ")" + fix);
        }
    }
}
