package dev.wharf.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

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
        java.util.OptionalLong maxSize) {

    /** Whether Wharf runs as a mirror. */
    public boolean enabled() {
        return remoteUrl.isPresent();
    }

    @Override
    public String toString() {
        // Records print every component; the password must never reach a log this way.
        return "ProxyConfig[remoteUrl=" + remoteUrl + ", username=" + username + ", password="
                + password.map(p -> "<redacted>") + ", ttl=" + ttl + ", tagFreshness=" + tagFreshness
                + ", fillTimeout=" + fillTimeout + ", upstreamTimeout=" + upstreamTimeout + ", maxSize=" + maxSize + "]";
    }
}
