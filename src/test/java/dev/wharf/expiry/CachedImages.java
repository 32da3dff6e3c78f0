package dev.wharf.expiry;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.Tag;
import dev.wharf.storage.StoragePaths;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts content in storage the way the mirror does (blob data, {@code _layers} links, manifest
 * content, revision links, tags) and records it in the index, so tests can check what the
 * janitor leaves behind by looking at storage paths.
 */
final class CachedImages {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private final StorageDriver driver;
    private final CacheIndex index;
    private final MutableClock clock;

    CachedImages(StorageDriver driver, CacheIndex index, MutableClock clock) {
        this.driver = driver;
        this.index = index;
        this.clock = clock;
    }

    static RepositoryName repo(String name) {
        return new RepositoryName(name);
    }

    static Digest digest(String seed) {
        return Digest.sha256Of(seed.getBytes(StandardCharsets.UTF_8));
    }

    /** A blob filled into {@code repository}, recorded with {@code recordedSize} (its data is {@code seed}). */
    Digest blob(RepositoryName repository, String seed, long recordedSize) {
        Digest digest = digest(seed);
        put(StoragePaths.blobData(digest), seed);
        put(StoragePaths.layerLink(repository, digest), digest.toString());
        index.recordBlob(repository, digest, recordedSize, clock.instant());
        return digest;
    }

    /** An image manifest over {@code config} and {@code layers}, cached in {@code repository} and tagged. */
    Digest image(RepositoryName repository, Digest config, List<Digest> layers, long recordedSize, String... tags) {
        return manifest(repository, content(config, layers, Optional.empty()), config, layers, recordedSize, tags);
    }

    /** An image manifest with a subject (a referrer, such as a signature). */
    Digest referrer(RepositoryName repository, Digest config, Digest subject, long recordedSize) {
        return manifest(repository, content(config, List.of(), Optional.of(subject)), config, List.of(), recordedSize);
    }

    private Digest manifest(RepositoryName repository, String content, Digest config, List<Digest> layers,
            long recordedSize, String... tags) {
        Digest digest = Digest.sha256Of(content.getBytes(StandardCharsets.UTF_8));
        put(StoragePaths.blobData(digest), content);
        put(StoragePaths.manifestRevisionLink(repository, digest), digest.toString());
        for (String tag : tags) {
            put(StoragePaths.tagIndexLink(repository, new Tag(tag), digest), digest.toString());
            put(StoragePaths.tagCurrentLink(repository, new Tag(tag)), digest.toString());
        }
        List<Digest> references = new ArrayList<>();
        references.add(config);
        references.addAll(layers);
        index.recordManifest(repository, digest, recordedSize, references, clock.instant());
        return digest;
    }

    static String content(Digest config, List<Digest> layers, Optional<Digest> subject) {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",")
                .append("\"config\":").append(descriptor("application/vnd.oci.image.config.v1+json", config))
                .append(",\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            json.append(i == 0 ? "" : ",").append(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layers.get(i)));
        }
        json.append("]");
        subject.ifPresent(s -> json.append(",\"subject\":").append(descriptor(OCI_MANIFEST, s)));
        return json.append("}").toString();
    }

    private static String descriptor(String mediaType, Digest digest) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":1}";
    }

    void put(String path, String content) {
        try {
            driver.putContent(path, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean exists(String path) {
        try {
            driver.stat(path);
            return true;
        } catch (PathNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory of a link, which is what removal deletes. */
    static String directoryOf(String linkPath) {
        return linkPath.substring(0, linkPath.lastIndexOf('/'));
    }
}
