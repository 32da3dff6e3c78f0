package dev.wharf.upstream;

import dev.wharf.domain.Digest;
import dev.wharf.domain.MediaTypes;
import dev.wharf.domain.RepositoryName;
import dev.wharf.upstream.UpstreamRegistry.FetchedManifest;
import java.util.List;
import java.util.Optional;

/** GET a manifest: at most 4 MiB, with the media type and the digest the upstream claims. */
final class ManifestFetcher {

    static final int MAX_MANIFEST = 4 * 1024 * 1024;
    /** Every manifest type Wharf serves, so that no upstream converts (or refuses) for lack of one. */
    static final List<String> ACCEPT = List.of(
            MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST);

    private final EndpointCaller caller;
    private final Urls urls;

    ManifestFetcher(EndpointCaller caller, Urls urls) {
        this.caller = caller;
        this.urls = urls;
    }

    Optional<FetchedManifest> get(RepositoryName repository, String reference) throws UpstreamException {
        try (Exchange exchange = caller.call("GET", urls.manifest(repository, reference), repository, ACCEPT)) {
            if (exchange.status() == 404) {
                return Optional.empty();
            }
            if (exchange.status() != 200) {
                throw exchange.unexpected();
            }
            byte[] content = exchange.body(MAX_MANIFEST);
            String mediaType = MediaTypes.essence(exchange.header("Content-Type").orElse(null));
            return Optional.of(new FetchedManifest(content, mediaType, claimedDigest(exchange)));
        }
    }

    /** {@code Docker-Content-Digest}, when present and well-formed. */
    static Optional<Digest> claimedDigest(Exchange exchange) {
        return exchange.header("Docker-Content-Digest").flatMap(value -> {
            try {
                return Optional.of(Digest.parse(value.trim()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }
}
