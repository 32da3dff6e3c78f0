package dev.wharf.api;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.BlobInfo;
import dev.wharf.storage.OpenBlob;
import dev.wharf.storage.RepositoryBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** A blob store that only reads: {@link #read} answers what {@link #reader} says; the rest is unsupported. */
final class FakeBlobReads implements RepositoryBlobStore {
    /** What a read answers. */
    @FunctionalInterface
    interface Reader {
        Optional<OpenBlob> read(RepositoryName repository, Digest digest) throws IOException;
    }

    Reader reader = (repository, digest) -> Optional.empty();
    int reads;

    @Override
    public Optional<OpenBlob> read(RepositoryName repository, Digest digest) throws IOException {
        reads++;
        return reader.read(repository, digest);
    }

    @Override
    public Optional<BlobInfo> stat(RepositoryName repository, Digest digest) {
        throw new UnsupportedOperationException("stat");
    }

    @Override
    public InputStream open(RepositoryName repository, Digest digest, long offset) {
        throw new UnsupportedOperationException("open");
    }

    @Override
    public void delete(RepositoryName repository, Digest digest) {
        throw new UnsupportedOperationException("delete");
    }

    @Override
    public Optional<BlobInfo> mount(RepositoryName repository, Digest digest, Optional<RepositoryName> source) {
        throw new UnsupportedOperationException("mount");
    }
}
