package dev.wharf.it.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Small images for API tests: a config and layers pushed as blobs, and the manifest or index
 * over them, built byte-exactly so that tests know the digest the registry must serve.
 */
public final class Images {
    private Images() {}

    /** A manifest or index: its media type, exact bytes, digest, and the blobs or children it lists. */
    public record Built(String mediaType, byte[] content, String digest, List<String> references) {
        public int size() {
            return content.length;
        }
    }

    /**
     * Pushes a config and {@code layers} random layers to {@code repository} and returns an image
     * manifest of {@code mediaType} (OCI or Docker schema2) over them; the manifest is not pushed.
     */
    public static Built image(RegistryClient registry, String repository, String mediaType, long seed, int layers) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":" + seed + "}").getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(repository, config);
        List<String[]> layerList = new ArrayList<>();
        List<String> references = new ArrayList<>();
        references.add(configDigest);
        for (int i = 0; i < layers; i++) {
            byte[] layer = Content.random(1_000 + i * 17, seed * 1_000 + i);
            String digest = registry.pushBlob(repository, layer);
            layerList.add(new String[] {digest, Integer.toString(layer.length)});
            references.add(digest);
        }
        byte[] manifest = Content.imageManifest(mediaType, configDigest, config.length, layerList);
        return new Built(mediaType, manifest, Content.sha256(manifest), references);
    }

    /** An image manifest with one layer; see {@link #image(RegistryClient, String, String, long, int)}. */
    public static Built image(RegistryClient registry, String repository, String mediaType, long seed) {
        return image(registry, repository, mediaType, seed, 1);
    }

    /** An index of {@code indexType} over images, one per architecture, all for linux; not pushed. */
    public static Built index(String indexType, List<Built> images, List<String> architectures) {
        List<String[]> entries = new ArrayList<>();
        List<String> references = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Built image = images.get(i);
            entries.add(new String[] {image.mediaType(), image.digest(), Integer.toString(image.size()), "linux",
                    architectures.get(i)});
            references.add(image.digest());
        }
        byte[] index = Content.index(indexType, entries);
        return new Built(indexType, index, Content.sha256(index), references);
    }

    /** The image manifest type that goes into an index of {@code indexType}. */
    public static String childType(String indexType) {
        return indexType.equals(Content.DOCKER_LIST) ? Content.DOCKER_MANIFEST : Content.OCI_MANIFEST;
    }

    /**
     * Pushes a manifest of any of the four types to {@code repository} under {@code tag}, with
     * everything it needs: for an index, an amd64 and an arm64 image, pushed by digest first.
     * Returns the manifest as pushed.
     */
    public static Built pushAny(RegistryClient registry, String repository, String mediaType, String tag, long seed) {
        Built built;
        if (mediaType.equals(Content.OCI_INDEX) || mediaType.equals(Content.DOCKER_LIST)) {
            String childType = childType(mediaType);
            Built amd64 = image(registry, repository, childType, seed * 10 + 1);
            Built arm64 = image(registry, repository, childType, seed * 10 + 2);
            registry.pushManifest(repository, amd64.digest(), childType, amd64.content());
            registry.pushManifest(repository, arm64.digest(), childType, arm64.content());
            built = index(mediaType, List.of(amd64, arm64), List.of("amd64", "arm64"));
        } else {
            built = image(registry, repository, mediaType, seed);
        }
        registry.pushManifest(repository, tag, mediaType, built.content());
        return built;
    }
}
