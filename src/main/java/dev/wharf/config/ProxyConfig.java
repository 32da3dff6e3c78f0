package dev.wharf.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code proxy} section: with {@code remoteurl} set, Wharf is a read-only pull-through cache
 * of that registry, as distribution's proxy mode.
 *
 * @param remoteUrl {@code proxy.remoteurl}: the upstream registry's base URL; empty = no mirror
 * @param username {@code proxy.username}: for the upstream's Basic or token auth
 * @param password {@code proxy.password}: never logged
 * @param ttl {@code proxy.ttl}: how long cached content lives after its last access; zero
 *     disables expiry; default 168h as in distribution
 * @param tagFreshness {@code proxy.tagfreshness}: how long a tag checked with the upstream is
 *     served without asking again; default 0s (always ask, with a HEAD)
 * @param fillTimeout {@code proxy.filltimeout}: how long one upstream blob transfer may take
 *     before it is abandoned; default 1h
 * @param upstreamTimeout {@code proxy.upstreamtimeout}: connect and response timeout for each
 *     upstream request; default 30s
 * @param maxSize {@code proxy.maxsize}: the disk budget of the cache in bytes; empty = unlimited
 */
public record ProxyConfig(
        Optional<URI> remoteUrl,
        Optional<String> username,
        Optional<String> password,
        Duration ttl,
        Duration tagFreshness,
        Duration fillTimeout,
        Duration upstreamTimeout,
        OptionalLong maxSize) {

    @JsonCreator
    static ProxyConfig bind(@JsonProperty("remoteurl") URI remoteUrl, @JsonProperty("username") String username,
            @JsonProperty("password") String password, @JsonProperty("ttl") Duration ttl,
            @JsonProperty("tagfreshness") Duration tagFreshness, @JsonProperty("filltimeout") Duration fillTimeout,
            @JsonProperty("upstreamtimeout") Duration upstreamTimeout, @JsonProperty("maxsize") OptionalLong maxSize) {
        return new ProxyConfig(Optional.ofNullable(remoteUrl).map(url -> URI.create(url.toString().replaceFirst("/$", ""))),
                Optional.ofNullable(username), Optional.ofNullable(password),
                Objects.requireNonNullElse(ttl, Duration.ofHours(168)),
                Objects.requireNonNullElse(tagFreshness, Duration.ZERO),
                Objects.requireNonNullElse(fillTimeout, Duration.ofHours(1)),
                Objects.requireNonNullElse(upstreamTimeout, Duration.ofSeconds(30)),
                Objects.requireNonNullElse(maxSize, OptionalLong.empty()));
    }

    /** Whether Wharf runs as a mirror. */
    public boolean enabled() {
        return remoteUrl.isPresent();
    }

    void check(ConfigTree tree) {
        remoteUrl.filter(uri -> uri.getRawUserInfo() != null || HttpConfig.notAnHttpUrl(uri.toString()).isPresent())
                .ifPresent(uri -> tree.problem("proxy.remoteurl", uri, "but must be an absolute http or https URL"
                        + " without credentials or query, e.g. https://registry-1.docker.io (credentials go in"
                        + " proxy.username and proxy.password)"));
        if (remoteUrl.isEmpty() && !tree.isSet("proxy.remoteurl") && tree.isSet("proxy")) {
            tree.problem("proxy.remoteurl", null, "is not set, but other proxy keys are: set proxy.remoteurl to the"
                    + " upstream registry (e.g. https://registry-1.docker.io) or remove the proxy section");
        }
        if (username.isPresent() != password.isPresent()) {
            String set = username.isPresent() ? "username" : "password";
            tree.problem("proxy." + set, null, "is set without proxy." + (username.isPresent() ? "password" : "username")
                    + ": set both for an upstream that needs credentials, or neither for anonymous pulls");
        }
        if (fillTimeout.isZero()) {
            tree.problem("proxy.filltimeout", null, "is 0, but a blob transfer needs time: use a duration such as 1h");
        }
        if (upstreamTimeout.isZero()) {
            tree.problem("proxy.upstreamtimeout", null, "is 0, but upstream requests need time: use a duration such as 30s");
        }
    }

    @Override
    public String toString() {
        // Records print every component; the password must never reach a log this way.
        return "ProxyConfig[remoteUrl=" + remoteUrl + ", username=" + username + ", password="
                + password.map(p -> Secrets.REDACTED) + ", ttl=" + ttl + ", tagFreshness=" + tagFreshness
                + ", fillTimeout=" + fillTimeout + ", upstreamTimeout=" + upstreamTimeout + ", maxSize=" + maxSize + "]";
    }
}
