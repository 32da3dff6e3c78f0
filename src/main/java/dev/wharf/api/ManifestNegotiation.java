package dev.wharf.api;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.Descriptor;
import dev.wharf.domain.MediaTypes;
import dev.wharf.domain.Reference;
import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.ManifestStore;
import dev.wharf.storage.StoredManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves a manifest in a type the client accepts, as distribution does: the stored one when the
 * {@code Accept} header allows it (or says nothing); for an index that the client cannot read,
 * its linux/amd64 image, which is what an index-unaware client means; else 404 with the reason.
 */
final class ManifestNegotiation {
    private ManifestNegotiation() {}

    static StoredManifest choose(ManifestStore manifests, RepositoryName repository, StoredManifest stored,
            List<String> acceptHeaders) throws IOException {
        List<String> accepted = acceptedTypes(acceptHeaders);
        if (accepts(accepted, stored.manifest().mediaType())) {
            return stored;
        }
        if (stored.manifest().isIndex()) {
            for (Descriptor child : stored.manifest().children()) {
                boolean defaultPlatform = child.platform()
                        .filter(p -> p.os().equals("linux") && p.architecture().equals("amd64")).isPresent();
                if (defaultPlatform && accepts(accepted, child.mediaType())) {
                    Optional<StoredManifest> image = manifests.get(repository, new Reference.ByDigest(child.digest()));
                    if (image.isPresent()) {
                        return image.get();
                    }
                }
            }
        }
        throw new RegistryException(OciErrorCode.MANIFEST_UNKNOWN, Map.of(
                "reason", "the manifest is " + stored.manifest().mediaType() + ", which the Accept header does not allow",
                "accept", String.join(", ", accepted)));
    }

    /** The media types in the Accept headers, without parameters; empty means anything goes. */
    static List<String> acceptedTypes(List<String> headers) {
        List<String> types = new ArrayList<>();
        if (headers != null) {
            for (String header : headers) {
                for (String part : header.split(",")) {
                    String type = MediaTypes.essence(part);
                    if (!type.isEmpty()) {
                        types.add(type);
                    }
                }
            }
        }
        return types;
    }

    private static boolean accepts(List<String> accepted, String mediaType) {
        if (accepted.isEmpty()) {
            return true;
        }
        for (String type : accepted) {
            if (type.equals(mediaType) || type.equals("*/*") || type.equals("application/*")) {
                return true;
            }
        }
        return false;
    }
}
