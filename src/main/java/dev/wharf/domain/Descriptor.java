package dev.wharf.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OCI content descriptor: what a manifest says about a blob or another manifest.
 *
 * @param mediaType the target's media type
 * @param digest the target's digest
 * @param size the target's size in bytes
 * @param artifactType the artifact type, for descriptors in a referrers index
 * @param annotations the descriptor's annotations
 * @param urls where a foreign (non-distributable) layer can be fetched instead of this registry
 * @param platform the platform of an index entry
 */
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        Optional<String> artifactType,
        Map<String, String> annotations,
        List<String> urls,
        Optional<Platform> platform) {

    public Descriptor {
        annotations = Map.copyOf(annotations);
        urls = List.copyOf(urls);
    }

    /** A plain descriptor with no extras. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, Optional.empty(), Map.of(), List.of(), Optional.empty());
    }
}
