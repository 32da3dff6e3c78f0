package dev.wharf.upstream;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Follows a blob's redirects by hand, at most {@value #MAX_HOPS} of them, and without our
 * {@code Authorization}: Docker Hub, GHCR and registries on S3 send blob requests to a CDN or bucket
 * with a signed URL, which must not see (and may reject) the upstream's token.
 */
final class Redirects {

    static final int MAX_HOPS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final Transport transport;

    Redirects(Transport transport) {
        this.transport = transport;
    }

    /**
     * Given the upstream's answer, returns the final one: not a redirect, and neither 401, 403,
     * 429 nor 5xx. The intermediate answers are closed; on failure, so is the given one.
     */
    Exchange follow(String method, Exchange exchange) throws UpstreamException {
        return follow(method, exchange, Deadline.NONE);
    }

    /** The same, each hop bounded by a deadline. */
    Exchange follow(String method, Exchange exchange, Deadline deadline) throws UpstreamException {
        for (int hops = 0; REDIRECTS.contains(exchange.status()); hops++) {
            Exchange redirect = exchange;
            redirect.close();
            if (hops == MAX_HOPS) {
                throw new UpstreamException(UpstreamException.Kind.INVALID,
                        redirect.describe() + " redirected more than " + MAX_HOPS + " times");
            }
            URI target = target(redirect);
            exchange = transport.send(method, target, Map.of(), deadline);
            if (exchange.status() == 401 || exchange.status() == 403) {
                exchange.close();
                throw new UpstreamException(UpstreamException.Kind.DENIED, exchange.describe() + ", where "
                        + redirect.describe() + " redirected, answered " + exchange.status());
            }
            if (exchange.isUnavailable()) {
                throw exchange.unavailable();
            }
        }
        return exchange;
    }

    private static URI target(Exchange redirect) throws UpstreamException {
        String location = redirect.header("Location").orElseThrow(() -> new UpstreamException(
                UpstreamException.Kind.INVALID, redirect.describe() + " answered " + redirect.status() + " without a Location"));
        URI target;
        try {
            target = redirect.uri().resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new UpstreamException(UpstreamException.Kind.INVALID,
                    redirect.describe() + " redirected to a malformed Location");
        }
        String scheme = target.getScheme();
        if (scheme == null || target.getHost() == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new UpstreamException(UpstreamException.Kind.INVALID,
                    redirect.describe() + " redirected to something other than an http(s) URL");
        }
        return target;
    }
}
