package dev.wharf.proxy;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.BlobInfo;
import dev.wharf.storage.OpenBlob;
import dev.wharf.storage.RepositoryBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Blobs of a registry in read-only maintenance mode: reads pass, deletes and mounts are refused with 405. */
public final class ReadOnlyRepositoryBlobStore implements RepositoryBlobStore {
    private final RepositoryBlobStore delegate;

    public ReadOnlyRepositoryBlobStore(RepositoryBlobStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<BlobInfo> stat(RepositoryName repository, Digest digest) throws IOException {
        return delegate.stat(repository, digest);
    }

    @Override
    public Optional<OpenBlob> read(RepositoryName repository, Digest digest) throws IOException {
        return delegate.read(repository, digest);
    }

    @Override
    public InputStream open(RepositoryName repository, Digest digest, long offset) throws IOException {
        return delegate.open(repository, digest, offset);
    }

    @Override
    public void delete(RepositoryName repository, Digest digest) {
        throw ReadOnly.refuseBecause(ReadOnly.MAINTENANCE, "deleting blobs is not possible now");
    }

    @Override
    public Optional<BlobInfo> mount(RepositoryName repository, Digest digest, Optional<RepositoryName> source) {
        throw ReadOnly.refuseBecause(ReadOnly.MAINTENANCE, "mounting blobs is not possible now");
    }
}
