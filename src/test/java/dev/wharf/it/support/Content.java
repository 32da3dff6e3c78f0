package dev.wharf.it.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Test content: random blobs, digests, and manifests that reference them. */
public final class Content {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    private Content() {}

    public static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    public static String sha256(byte[] content) {
        return "sha256:" + hex("SHA-256", content);
    }

    public static String sha512(byte[] content) {
        return "sha512:" + hex("SHA-512", content);
    }

    private static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An image manifest of the given type over a config and layers (given as {digest, size} pairs). */
    public static byte[] imageManifest(String mediaType, String configDigest, long configSize, List<String[]> layers) {
        boolean oci = mediaType.equals(OCI_MANIFEST);
        String configType = oci ? "application/vnd.oci.image.config.v1+json" : "application/vnd.docker.container.image.v1+json";
        String layerType = oci ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.docker.image.rootfs.diff.tar.gzip";
        StringBuilder json = new StringBuilder();
        json.append("{\"schemaVersion\":2,\"mediaType\":\"").append(mediaType).append("\",")
                .append("\"config\":{\"mediaType\":\"").append(configType).append("\",\"digest\":\"").append(configDigest)
                .append("\",\"size\":").append(configSize).append("},\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"mediaType\":\"").append(layerType).append("\",\"digest\":\"").append(layers.get(i)[0])
                    .append("\",\"size\":").append(layers.get(i)[1]).append('}');
        }
        json.append("]}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An index of the given type over manifests given as {mediaType, digest, size, os, architecture}. */
    public static byte[] index(String mediaType, List<String[]> manifests) {
        StringBuilder json = new StringBuilder();
        json.append("{\"schemaVersion\":2,\"mediaType\":\"").append(mediaType).append("\",\"manifests\":[");
        for (int i = 0; i < manifests.size(); i++) {
            String[] m = manifests.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"mediaType\":\"").append(m[0]).append("\",\"digest\":\"").append(m[1]).append("\",\"size\":")
                    .append(m[2]).append(",\"platform\":{\"os\":\"").append(m[3]).append("\",\"architecture\":\"")
                    .append(m[4]).append("\"}}");
        }
        json.append("]}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
