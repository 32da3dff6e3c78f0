package dev.wharf.upstream;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import java.util.List;
import java.util.Optional;

/** HEAD a blob for its size, following redirects as a GET would. */
final class BlobChecker {

    private final EndpointCaller caller;
    private final Redirects redirects;
    private final Urls urls;

    BlobChecker(EndpointCaller caller, Redirects redirects, Urls urls) {
        this.caller = caller;
        this.redirects = redirects;
        this.urls = urls;
    }

    Optional<Long> head(RepositoryName repository, Digest digest) throws UpstreamException {
        Exchange first = caller.call("HEAD", urls.blob(repository, digest), repository, List.of());
        try (Exchange exchange = redirects.follow("HEAD", first)) {
            if (exchange.status() == 404) {
                return Optional.empty();
            }
            if (exchange.status() != 200) {
                throw exchange.unexpected();
            }
            long size = exchange.contentLength();
            if (size < 0) {
                throw new UpstreamException(UpstreamException.Kind.INVALID, exchange.describe() + " answered no Content-Length");
            }
            return Optional.of(size);
        }
    }
}
