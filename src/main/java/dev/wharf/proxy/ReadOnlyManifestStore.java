package dev.wharf.proxy;

import dev.wharf.domain.Descriptor;
import dev.wharf.domain.Digest;
import dev.wharf.domain.Reference;
import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.ManifestStore;
import dev.wharf.storage.StoredManifest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Manifests of a registry in read-only maintenance mode: reads pass, writes are refused with 405. */
public final class ReadOnlyManifestStore implements ManifestStore {
    private final ManifestStore delegate;

    public ReadOnlyManifestStore(ManifestStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<StoredManifest> get(RepositoryName repository, Reference reference) throws IOException {
        return delegate.get(repository, reference);
    }

    @Override
    public StoredManifest put(RepositoryName repository, Reference reference, byte[] content, String contentType) {
        throw ReadOnly.refuseBecause(ReadOnly.MAINTENANCE, "pushing manifests is not possible now");
    }

    @Override
    public void delete(RepositoryName repository, Reference reference) {
        throw ReadOnly.refuseBecause(ReadOnly.MAINTENANCE, "deleting manifests is not possible now");
    }

    @Override
    public List<Descriptor> referrers(RepositoryName repository, Digest subject, Optional<String> artifactType)
            throws IOException {
        return delegate.referrers(repository, subject, artifactType);
    }

    @Override
    public boolean exists(RepositoryName repository, Digest digest) throws IOException {
        return delegate.exists(repository, digest);
    }
}
