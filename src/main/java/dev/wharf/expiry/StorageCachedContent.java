package dev.wharf.expiry;

import dev.wharf.domain.Descriptor;
import dev.wharf.domain.Digest;
import dev.wharf.domain.InvalidValueException;
import dev.wharf.domain.ManifestParser;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.Tag;
import dev.wharf.storage.StoragePaths;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@link CachedContent} in distribution's storage layout, through a {@link StorageDriver} and
 * {@link StoragePaths} only. Each link is removed with the directory holding it (as distribution
 * does), so no empty link directory is left for a listing to trip over.
 */
public final class StorageCachedContent implements CachedContent {

    private final StorageDriver driver;

    public StorageCachedContent(StorageDriver driver) {
        this.driver = driver;
    }

    @Override
    public void removeManifest(RepositoryName repository, Digest digest) throws IOException {
        // Order: what points at the revision (tags, referrer entry), then the revision link.
        // The content stays until no repository's entry needs it (removeBlob).
        for (Tag tag : tags(repository)) {
            if (readLink(StoragePaths.tagCurrentLink(repository, tag)).filter(digest::equals).isPresent()) {
                delete(StoragePaths.tagDirectory(repository, tag));
            } else {
                // A tag that has moved on keeps the digest in its history; drop that entry too.
                delete(StoragePaths.linkDirectory(StoragePaths.tagIndexLink(repository, tag, digest)));
            }
        }
        Optional<Descriptor> subject = subjectOf(digest);
        if (subject.isPresent()) {
            delete(StoragePaths.linkDirectory(StoragePaths.referrerLink(repository, subject.get().digest(), digest)));
        }
        delete(StoragePaths.linkDirectory(StoragePaths.manifestRevisionLink(repository, digest)));
    }

    @Override
    public void removeBlob(Digest digest, Collection<RepositoryName> repositories) throws IOException {
        for (RepositoryName repository : repositories) {
            delete(StoragePaths.linkDirectory(StoragePaths.layerLink(repository, digest)));
        }
        delete(StoragePaths.blobDirectory(digest));
    }

    private List<Tag> tags(RepositoryName repository) throws IOException {
        List<String> directories;
        try {
            directories = driver.list(StoragePaths.tagsDirectory(repository));
        } catch (PathNotFoundException e) {
            return List.of();
        }
        return directories.stream().map(StoragePaths::lastComponent).filter(Tag::isValid).map(Tag::new).toList();
    }

    private Optional<Digest> readLink(String path) throws IOException {
        try {
            return Optional.of(Digest.parse(new String(driver.getContent(path), StandardCharsets.UTF_8).trim()));
        } catch (PathNotFoundException | InvalidValueException e) {
            // Missing or damaged: it does not name this manifest either way.
            return Optional.empty();
        }
    }

    /** The subject of a manifest whose content is still stored, for its referrer link. */
    private Optional<Descriptor> subjectOf(Digest digest) throws IOException {
        byte[] content;
        try {
            content = driver.getContent(StoragePaths.blobData(digest));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
        try {
            return ManifestParser.parse(content, null).subject();
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }

    private void delete(String path) throws IOException {
        try {
            // Already gone is fine: a pass interrupted half-way is finished by the next one.
            driver.deleteIfExists(path);
        } catch (IOException e) {
            throw new IOException("cannot delete " + path + ": " + e.getMessage(), e);
        }
    }
}
