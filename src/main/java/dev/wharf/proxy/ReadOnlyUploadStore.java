package dev.wharf.proxy;

import dev.wharf.domain.ContentRange;
import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.UploadId;
import dev.wharf.storage.BlobInfo;
import dev.wharf.storage.UploadStatus;
import dev.wharf.storage.UploadStore;
import java.io.InputStream;
import java.util.Optional;

/** Uploads on a mirror: every one is refused with {@code 405 UNSUPPORTED}. */
public final class ReadOnlyUploadStore implements UploadStore {
    private final String upstream;

    public ReadOnlyUploadStore(String upstream) {
        this.upstream = upstream;
    }

    @Override
    public UploadStatus start(RepositoryName repository) {
        throw ReadOnly.refuse(upstream, "uploading");
    }

    @Override
    public UploadStatus status(RepositoryName repository, UploadId id) {
        throw ReadOnly.refuse(upstream, "uploading");
    }

    @Override
    public UploadStatus append(RepositoryName repository, UploadId id, Optional<ContentRange> range, long declaredLength,
            InputStream chunk) {
        throw ReadOnly.refuse(upstream, "uploading");
    }

    @Override
    public BlobInfo complete(RepositoryName repository, UploadId id, Optional<ContentRange> range, long declaredLength,
            InputStream lastChunk, Digest expected) {
        throw ReadOnly.refuse(upstream, "uploading");
    }

    @Override
    public void cancel(RepositoryName repository, UploadId id) {
        throw ReadOnly.refuse(upstream, "uploading");
    }
}
