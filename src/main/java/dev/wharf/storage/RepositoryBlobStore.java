package dev.wharf.storage;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Blobs as a repository sees them: a blob is readable through a repository only once it is
 * linked into it (pushed, mounted or, in a mirror, fetched there), as in distribution.
 */
public interface RepositoryBlobStore {

    /** The blob's digest and size, when it is linked into the repository and its data exists. */
    Optional<BlobInfo> stat(RepositoryName repository, Digest digest) throws IOException;

    /**
     * Opens the blob for reading in one lookup: its size and its bytes together. Empty when the
     * blob is not linked into the repository or its data is gone.
     */
    Optional<OpenBlob> read(RepositoryName repository, Digest digest) throws IOException;

    /**
     * Streams the blob from byte {@code offset}.
     *
     * @throws dev.wharf.error.RegistryException {@code BLOB_UNKNOWN} when not in the repository
     */
    InputStream open(RepositoryName repository, Digest digest, long offset) throws IOException;

    /**
     * Unlinks the blob from the repository. Its data stays while other repositories link it.
     *
     * @throws dev.wharf.error.RegistryException {@code UNSUPPORTED} when deletes are disabled,
     *     {@code BLOB_UNKNOWN} when the blob is not in the repository
     */
    void delete(RepositoryName repository, Digest digest) throws IOException;

    /**
     * Links a blob the registry already has into {@code repository} without an upload: from
     * {@code source} when given and it has the blob, else from anywhere in the store.
     *
     * @return the mounted blob, or empty when there is nothing to mount (the client uploads)
     */
    Optional<BlobInfo> mount(RepositoryName repository, Digest digest, Optional<RepositoryName> source) throws IOException;
}
