package dev.wharf.upstream;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** The upstream's endpoint URLs, and the one way URLs are written into logs and messages. */
final class Urls {

    // Tags and digests, and nothing that could change the URL's structure (/, ?, #, %, spaces).
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._:+=-]*");

    private final URI base;
    private final String display;

    /**
     * @param remoteUrl {@code proxy.remoteurl}: http or https, a host, optionally a path prefix
     * @throws IllegalArgumentException when it is not such a URL or carries credentials
     */
    Urls(URI remoteUrl) {
        Objects.requireNonNull(remoteUrl, "remoteUrl");
        String scheme = remoteUrl.getScheme() == null ? "" : remoteUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || remoteUrl.getHost() == null) {
            throw new IllegalArgumentException("proxy.remoteurl must be an http or https URL with a host, such as https://registry-1.docker.io");
        }
        if (remoteUrl.getRawUserInfo() != null) {
            // Said without the URL, which would print the credentials.
            throw new IllegalArgumentException("proxy.remoteurl must not carry credentials: use proxy.username and proxy.password");
        }
        String path = remoteUrl.getRawPath() == null ? "" : remoteUrl.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            this.base = new URI(scheme + "://" + remoteUrl.getRawAuthority() + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("proxy.remoteurl is not a valid URL: " + e.getReason());
        }
        this.display = redact(base);
    }

    /** The upstream as written in logs: scheme, host, port and path prefix. */
    String display() {
        return display;
    }

    /** The version check every registry answers, and where challenges are learnt. */
    URI ping() {
        return resolve("/v2/");
    }

    URI manifest(RepositoryName repository, String reference) {
        if (reference == null || reference.length() > 256 || !REFERENCE.matcher(reference).matches()) {
            throw new IllegalArgumentException("not a tag or digest: " + (reference == null ? "null" : "'" + reference + "'"));
        }
        return resolve("/v2/" + repository.value() + "/manifests/" + reference);
    }

    URI blob(RepositoryName repository, Digest digest) {
        return resolve("/v2/" + repository.value() + "/blobs/" + digest);
    }

    URI tags(RepositoryName repository) {
        return resolve("/v2/" + repository.value() + "/tags/list");
    }

    private URI resolve(String path) {
        return URI.create(base + path);
    }

    /**
     * A URL as safe to log: scheme, host, port and path, without user info and without the query,
     * which for a CDN redirect holds a signature and for a token realm the scope.
     */
    static String redact(URI uri) {
        StringBuilder out = new StringBuilder();
        if (uri.getScheme() != null) {
            out.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            out.append(uri.getHost());
            if (uri.getPort() >= 0) {
                out.append(':').append(uri.getPort());
            }
        }
        if (uri.getRawPath() != null) {
            out.append(uri.getRawPath());
        }
        return out.toString();
    }

    /** Same scheme, host and port: where our {@code Authorization} may go. */
    static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
                && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && effectivePort(a) == effectivePort(b);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
