package dev.wharf.storage;

import dev.wharf.domain.Descriptor;
import dev.wharf.domain.Digest;
import dev.wharf.domain.Reference;
import dev.wharf.domain.RepositoryName;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Manifests of a repository, addressed by tag or digest. */
public interface ManifestStore {

    /** The manifest a reference names: by digest, or by the digest its tag points at now. */
    Optional<StoredManifest> get(RepositoryName repository, Reference reference) throws IOException;

    /**
     * Stores a manifest byte for byte and, for a tag reference, points the tag at it.
     *
     * @param contentType the request's {@code Content-Type}
     * @return the stored manifest, with its digest
     * @throws dev.wharf.error.RegistryException {@code MANIFEST_INVALID} for content that is
     *     not a supported manifest, {@code DIGEST_INVALID} when a digest reference does not match
     *     the content, {@code MANIFEST_BLOB_UNKNOWN} (one error per digest) when a referenced blob
     *     or child manifest is not in the repository
     */
    StoredManifest put(RepositoryName repository, Reference reference, byte[] content, String contentType)
            throws IOException;

    /**
     * Deletes by digest (the manifest and every tag pointing at it) or by tag (the tag only).
     *
     * @throws dev.wharf.error.RegistryException {@code UNSUPPORTED} when deletes are disabled,
     *     {@code MANIFEST_UNKNOWN} when there is nothing to delete
     */
    void delete(RepositoryName repository, Reference reference) throws IOException;

    /**
     * The manifests of the repository whose {@code subject} is {@code subject} (OCI 1.1 referrers),
     * as descriptors carrying their artifact type and annotations.
     *
     * @param artifactType only referrers of this artifact type, when given
     */
    List<Descriptor> referrers(RepositoryName repository, Digest subject, Optional<String> artifactType)
            throws IOException;

    /** Whether the repository holds the manifest {@code digest}. */
    boolean exists(RepositoryName repository, Digest digest) throws IOException;
}
