package dev.wharf.storage;

import dev.wharf.domain.Digest;
import dev.wharf.domain.MediaTypes;
import java.util.ArrayList;
import java.util.List;

/** Manifest JSON for storage and API tests, built as plain strings. */
public final class TestManifests {
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    private TestManifests() {}

    /** A descriptor as JSON. */
    public static String descriptor(String mediaType, Digest digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    /** A foreign layer: lives at {@code url}, not in the registry. */
    public static String foreignLayer(Digest digest, long size, String url) {
        return "{\"mediaType\":\"" + DOCKER_FOREIGN_LAYER + "\",\"digest\":\"" + digest + "\",\"size\":" + size
                + ",\"urls\":[\"" + url + "\"]}";
    }

    /** An index entry for a platform. */
    public static String child(String mediaType, Digest digest, long size, String os, String architecture) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size
                + ",\"platform\":{\"architecture\":\"" + architecture + "\",\"os\":\"" + os + "\"}}";
    }

    /**
     * An image manifest of {@code mediaType} (OCI or Docker schema2) with config and layer
     * descriptors given as JSON; pretty-printed, so a store that re-serialises is caught.
     */
    public static String image(String mediaType, String config, String... layers) {
        return "{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"" + mediaType + "\",\n   \"config\": " + config
                + ",\n   \"layers\": [" + String.join(",\n      ", layers) + "]\n}\n";
    }

    /** An OCI image manifest whose config and layers are the given blobs, with their sizes. */
    public static String ociImage(Digest config, long configSize, Object... layerDigestsAndSizes) {
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < layerDigestsAndSizes.length; i += 2) {
            layers.add(descriptor(OCI_LAYER, (Digest) layerDigestsAndSizes[i], ((Number) layerDigestsAndSizes[i + 1]).longValue()));
        }
        return image(MediaTypes.OCI_MANIFEST, descriptor(OCI_CONFIG, config, configSize), layers.toArray(String[]::new));
    }

    /** An index of {@code mediaType} (OCI index or Docker manifest list) listing {@code children}. */
    public static String index(String mediaType, String... children) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"manifests\":[" + String.join(",", children) + "]}";
    }
}
