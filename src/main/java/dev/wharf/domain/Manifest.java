package dev.wharf.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Wharf needs to know of a manifest, parsed from its exact bytes by {@link ManifestParser}.
 * The bytes themselves are stored and served unchanged; this is only their reading.
 *
 * @param mediaType one of {@link MediaTypes#MANIFESTS}
 * @param blobs for an image manifest, the config followed by the layers; empty for an index
 * @param children for an index, the manifests it lists; empty for an image manifest
 * @param subject the manifest this one refers to (OCI 1.1 referrers)
 * @param artifactType the manifest's {@code artifactType}
 * @param configMediaType the config's media type, the fallback artifact type of a referrer
 * @param annotations the manifest's annotations
 */
public record Manifest(
        String mediaType,
        List<Descriptor> blobs,
        List<Descriptor> children,
        Optional<Descriptor> subject,
        Optional<String> artifactType,
        Optional<String> configMediaType,
        Map<String, String> annotations) {

    public Manifest {
        blobs = List.copyOf(blobs);
        children = List.copyOf(children);
        annotations = Map.copyOf(annotations);
    }

    /** Whether this manifest lists other manifests. */
    public boolean isIndex() {
        return MediaTypes.INDEXES.contains(mediaType);
    }

    /** The type a referrers index reports: {@code artifactType}, else the config's media type. */
    public Optional<String> effectiveArtifactType() {
        return artifactType.isPresent() ? artifactType : configMediaType;
    }
}
