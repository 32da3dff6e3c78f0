package dev.wharf.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads and checks the {@code proxy} section into a {@link ProxyConfig}. */
final class ProxySection {
    static final Duration DEFAULT_TTL = Duration.ofHours(168);

    private ProxySection() {}

    /** @return the section; meaningless when problems were recorded */
    static ProxyConfig read(Section root) {
        Optional<Section> proxy = root.section("proxy");
        if (proxy.isEmpty()) {
            return new ProxyConfig(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_TTL, Duration.ZERO,
                    Duration.ofHours(1), Duration.ofSeconds(30), OptionalLong.empty());
        }
        Section section = proxy.get();
        Optional<URI> remoteUrl = section.text("remoteurl").flatMap(value -> remoteUrl(section, value));
        Optional<String> username = section.text("username");
        Optional<String> password = section.text("password");
        if (username.isPresent() != password.isPresent()) {
            section.problem((username.isPresent() ? "username" : "password"), "is set without proxy."
                    + (username.isPresent() ? "password" : "username") + ": set both for an upstream that needs"
                    + " credentials, or neither for anonymous pulls");
        }
        Duration ttl = duration(section, "ttl", DEFAULT_TTL);
        Duration tagFreshness = duration(section, "tagfreshness", Duration.ZERO);
        Duration fillTimeout = duration(section, "filltimeout", Duration.ofHours(1));
        Duration upstreamTimeout = duration(section, "upstreamtimeout", Duration.ofSeconds(30));
        if (fillTimeout.isZero()) {
            section.problem("filltimeout", "is 0, but a blob transfer needs time: use a duration such as 1h");
        }
        if (upstreamTimeout.isZero()) {
            section.problem("upstreamtimeout", "is 0, but upstream requests need time: use a duration such as 30s");
        }
        if (remoteUrl.isEmpty() && section.text("remoteurl").isEmpty() && !section.keys().isEmpty()) {
            section.problem("remoteurl", "is not set, but other proxy keys are: set proxy.remoteurl to the"
                    + " upstream registry (e.g. https://registry-1.docker.io) or remove the proxy section");
        }
        OptionalLong maxSize = OptionalLong.empty();
        Optional<String> size = section.text("maxsize");
        if (size.isPresent()) {
            maxSize = Sizes.parse(size.get());
            if (maxSize.isEmpty() || maxSize.getAsLong() <= 0) {
                section.problem("maxsize", "is " + section.show("maxsize", size.get()) + ", but must be a positive size"
                        + " in bytes, optionally with a unit: 50GiB, 500MB, 1073741824; leave it unset for no budget");
                maxSize = OptionalLong.empty();
            }
        }
        return new ProxyConfig(remoteUrl, username, password, ttl, tagFreshness, fillTimeout, upstreamTimeout, maxSize);
    }

    private static Optional<URI> remoteUrl(Section proxy, String value) {
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawQuery() == null
                    && uri.getRawUserInfo() == null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        proxy.problem("remoteurl", "is " + proxy.show("remoteurl", value) + ", but must be an absolute http or https"
                + " URL without credentials or query, e.g. https://registry-1.docker.io (credentials go in"
                + " proxy.username and proxy.password)");
        return Optional.empty();
    }

    private static Duration duration(Section proxy, String key, Duration defaultValue) {
        Optional<String> text = proxy.text(key);
        if (text.isEmpty()) {
            proxy.settle(key, proxy.defaultOrigin());
            return defaultValue;
        }
        Optional<Duration> parsed = Durations.parse(text.get());
        if (parsed.isEmpty()) {
            proxy.problem(key, "is " + proxy.show(key, text.get()) + ", but must be a duration such as 30s, 15m, 168h"
                    + " or 1h30m");
            return defaultValue;
        }
        return parsed.get();
    }
}
