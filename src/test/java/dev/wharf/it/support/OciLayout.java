package dev.wharf.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes real, runnable-shaped OCI images to an OCI image layout directory, for skopeo and
 * podman to push: layers are gzipped tar archives and the config lists their diff ids, so a
 * client that unpacks layers (podman) accepts them.
 */
public final class OciLayout {
    private final Path directory;
    private final List<String> indexEntries = new ArrayList<>();

    public OciLayout(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory.resolve("blobs/sha256"));
            Files.writeString(directory.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A written manifest or index: its digest, size and bytes. */
    public record Written(String digest, int size, byte[] content, List<String> layerDigests) {}

    /** Writes an image of {@code layerCount} layers for a platform; returns its manifest. */
    public Written image(String architecture, int layerCount, long seed) {
        List<String> layers = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        StringBuilder layerJson = new StringBuilder();
        for (int i = 0; i < layerCount; i++) {
            byte[] tar = tar("layer-" + architecture + "-" + i + ".bin", Content.random(50_000 + i * 7_000, seed * 100 + i));
            byte[] gz = gzip(tar);
            String digest = blob(gz);
            layers.add(digest);
            diffIds.add("\"" + Content.sha256(tar) + "\"");
            if (i > 0) {
                layerJson.append(',');
            }
            layerJson.append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"").append(digest)
                    .append("\",\"size\":").append(gz.length).append('}');
        }
        byte[] config = ("{\"architecture\":\"" + architecture + "\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/true\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", diffIds) + "]}}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = blob(config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},\"layers\":[" + layerJson + "]}").getBytes(StandardCharsets.UTF_8);
        return new Written(blob(manifest), manifest.length, manifest, layers);
    }

    /** Writes an index over images given with their architectures. */
    public Written index(List<Written> images, List<String> architectures) {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < images.size(); i++) {
            if (i > 0) {
                entries.append(',');
            }
            entries.append("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"")
                    .append(images.get(i).digest()).append("\",\"size\":").append(images.get(i).size())
                    .append(",\"platform\":{\"os\":\"linux\",\"architecture\":\"").append(architectures.get(i)).append("\"}}");
        }
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + entries + "]}").getBytes(StandardCharsets.UTF_8);
        return new Written(blob(index), index.length, index, List.of());
    }

    /** Names a manifest or index in the layout's index.json under {@code tag}. */
    public void tag(Written manifest, String mediaType, String tag) {
        indexEntries.add("{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + manifest.digest() + "\",\"size\":"
                + manifest.size() + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}");
        try {
            Files.writeString(directory.resolve("index.json"),
                    "{\"schemaVersion\":2,\"manifests\":[" + String.join(",", indexEntries) + "]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory() {
        return directory;
    }

    private String blob(byte[] content) {
        String digest = Content.sha256(content);
        try {
            Files.write(directory.resolve("blobs/sha256/" + digest.substring("sha256:".length())), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return digest;
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A ustar archive holding one regular file. */
    static byte[] tar(String name, byte[] content) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, String.format("%011o", 1_700_000_000L));
        header[156] = '0';
        put(header, 257, "ustar");
        header[262] = 0;
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        int checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        put(header, 148, String.format("%06o", checksum));
        header[154] = 0;
        header[155] = ' ';
        int padded = (content.length + 511) / 512 * 512;
        byte[] tar = new byte[512 + padded + 1024];
        System.arraycopy(header, 0, tar, 0, 512);
        System.arraycopy(content, 0, tar, 512, content.length);
        return tar;
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
