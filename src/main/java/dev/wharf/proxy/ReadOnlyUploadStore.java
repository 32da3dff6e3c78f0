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

/** Uploads on a mirror or a registry in read-only mode: every one is refused with {@code 405 UNSUPPORTED}. */
public final class ReadOnlyUploadStore implements UploadStore {
    private final String why;

    /** @param why the first half of the refusal, such as "this registry is a read-only mirror of …" */
    public ReadOnlyUploadStore(String why) {
        this.why = why;
    }

    /** The uploads of a registry in maintenance read-only mode. */
    public static ReadOnlyUploadStore maintenance() {
        return new ReadOnlyUploadStore(ReadOnly.MAINTENANCE);
    }

    @Override
    public UploadStatus start(RepositoryName repository) {
        throw ReadOnly.refuseBecause(why, "uploading is not possible here");
    }

    @Override
    public UploadStatus status(RepositoryName repository, UploadId id) {
        throw ReadOnly.refuseBecause(why, "uploading is not possible here");
    }

    @Override
    public UploadStatus append(RepositoryName repository, UploadId id, Optional<ContentRange> range, long declaredLength,
            InputStream chunk) {
        throw ReadOnly.refuseBecause(why, "uploading is not possible here");
    }

    @Override
    public BlobInfo complete(RepositoryName repository, UploadId id, Optional<ContentRange> range, long declaredLength,
            InputStream lastChunk, Digest expected) {
        throw ReadOnly.refuseBecause(why, "uploading is not possible here");
    }

    @Override
    public void cancel(RepositoryName repository, UploadId id) {
        throw ReadOnly.refuseBecause(why, "uploading is not possible here");
    }
}
