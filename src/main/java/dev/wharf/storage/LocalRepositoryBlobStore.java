package dev.wharf.storage;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.driver.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** {@link RepositoryBlobStore} over the local store: {@code _layers} links onto {@link BlobStore}. */
public final class LocalRepositoryBlobStore implements RepositoryBlobStore {
    private final BlobStore blobs;
    private final Links links;
    private final boolean deleteEnabled;

    public LocalRepositoryBlobStore(StorageDriver driver, BlobStore blobs, boolean deleteEnabled) {
        this.blobs = blobs;
        this.links = new Links(driver);
        this.deleteEnabled = deleteEnabled;
    }

    @Override
    public Optional<BlobInfo> stat(RepositoryName repository, Digest digest) throws IOException {
        if (!links.exists(StoragePaths.layerLink(repository, digest))) {
            return Optional.empty();
        }
        return blobs.size(digest).map(size -> new BlobInfo(digest, size));
    }

    @Override
    public Optional<OpenBlob> read(RepositoryName repository, Digest digest) throws IOException {
        if (!links.exists(StoragePaths.layerLink(repository, digest))) {
            return Optional.empty();
        }
        return blobs.openBlob(digest);
    }

    @Override
    public InputStream open(RepositoryName repository, Digest digest, long offset) throws IOException {
        return openIfLinked(repository, digest, offset).orElseThrow(() -> unknown(repository, digest));
    }

    /** Streams the blob from {@code offset} when it is in the repository; empty otherwise. */
    public Optional<InputStream> openIfLinked(RepositoryName repository, Digest digest, long offset) throws IOException {
        Optional<OpenBlob> blob = read(repository, digest);
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(blob.get().stream(offset));
        } catch (IOException | RuntimeException e) {
            blob.get().close();
            throw e;
        }
    }

    @Override
    public void delete(RepositoryName repository, Digest digest) throws IOException {
        if (!deleteEnabled) {
            throw new RegistryException(OciErrorCode.UNSUPPORTED,
                    "blob deletion is disabled: set storage.delete.enabled to true to allow it");
        }
        String link = StoragePaths.layerLink(repository, digest);
        if (!links.exists(link)) {
            throw unknown(repository, digest);
        }
        links.deleteIfExists(StoragePaths.linkDirectory(link));
    }

    @Override
    public Optional<BlobInfo> mount(RepositoryName repository, Digest digest, Optional<RepositoryName> source)
            throws IOException {
        Optional<Long> size = blobs.size(digest);
        if (size.isEmpty()) {
            return Optional.empty();
        }
        // With a named source the client must be able to read it there (access control comes later);
        // without one the spec lets a registry mount any blob it already has.
        if (source.isPresent() && !links.exists(StoragePaths.layerLink(source.get(), digest))) {
            return Optional.empty();
        }
        links.write(StoragePaths.layerLink(repository, digest), digest);
        return Optional.of(new BlobInfo(digest, size.get()));
    }

    /** Links an already committed blob into a repository (after an upload, or a mirror's fill). */
    public void link(RepositoryName repository, Digest digest) throws IOException {
        links.write(StoragePaths.layerLink(repository, digest), digest);
    }

    private static RegistryException unknown(RepositoryName repository, Digest digest) {
        return new RegistryException(OciErrorCode.BLOB_UNKNOWN, Map.of("digest", digest.toString(), "repository", repository.value()));
    }
}
