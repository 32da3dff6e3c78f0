package dev.wharf.upstream;

import dev.wharf.domain.Digest;
import dev.wharf.domain.DigestAlgorithm;
import dev.wharf.domain.MediaTypes;
import dev.wharf.domain.RepositoryName;
import dev.wharf.upstream.UpstreamRegistry.FetchedManifest;
import dev.wharf.upstream.UpstreamRegistry.ManifestHead;
import java.util.Optional;

/**
 * HEAD a manifest for the digest a reference resolves to. An upstream that leaves out
 * {@code Docker-Content-Digest} or {@code Content-Length} costs a GET, whose body is hashed.
 */
final class ManifestHeader {

    private final EndpointCaller caller;
    private final Urls urls;
    private final ManifestFetcher fetcher;

    ManifestHeader(EndpointCaller caller, Urls urls, ManifestFetcher fetcher) {
        this.caller = caller;
        this.urls = urls;
        this.fetcher = fetcher;
    }

    Optional<ManifestHead> head(RepositoryName repository, String reference) throws UpstreamException {
        try (Exchange exchange = caller.call("HEAD", urls.manifest(repository, reference), repository, ManifestFetcher.ACCEPT)) {
            if (exchange.status() == 404) {
                return Optional.empty();
            }
            if (exchange.status() != 200) {
                throw exchange.unexpected();
            }
            Optional<Digest> digest = ManifestFetcher.claimedDigest(exchange);
            long size = exchange.contentLength();
            if (digest.isPresent() && size >= 0) {
                return Optional.of(new ManifestHead(digest.get(), MediaTypes.essence(exchange.header("Content-Type").orElse(null)), size));
            }
        }
        return fetcher.get(repository, reference).map(manifest -> headOf(manifest, reference));
    }

    /** A HEAD answer made from a fetched manifest, hashed with the reference's algorithm if it is a digest. */
    private static ManifestHead headOf(FetchedManifest manifest, String reference) {
        DigestAlgorithm algorithm = DigestAlgorithm.SHA256;
        if (reference.indexOf(':') > 0) {
            try {
                algorithm = Digest.parse(reference).algorithm();
            } catch (IllegalArgumentException e) {
                // A malformed digest reference: the upstream found it anyway; sha256 it is.
            }
        }
        Digest digest = Digest.compute(algorithm, manifest.content());
        return new ManifestHead(digest, manifest.mediaType(), manifest.content().length);
    }
}
