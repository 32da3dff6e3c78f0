package dev.wharf.storage;

import dev.wharf.domain.ContentRange;
import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.UploadId;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Blob uploads: a session collects bytes in the upload area, possibly over many requests,
 * while their digest is computed; only a verified upload becomes a blob, by an atomic move.
 * Every method throws {@link dev.wharf.error.RegistryException} {@code BLOB_UPLOAD_UNKNOWN}
 * for a session that does not exist (never started, finished, cancelled or purged).
 */
public interface UploadStore {

    /** Opens a new, empty upload session in {@code repository}. */
    UploadStatus start(RepositoryName repository) throws IOException;

    /** The session's current size. */
    UploadStatus status(RepositoryName repository, UploadId id) throws IOException;

    /**
     * Appends a chunk, streaming it to storage.
     *
     * @param range the chunk's {@code Content-Range}, when the client sent one: it must start
     *     where the upload ends, else an {@link UploadOutOfOrderException} that carries the
     *     upload as it stands
     * @param declaredLength the request's {@code Content-Length}, when known (-1 otherwise): must
     *     equal the range's length
     */
    UploadStatus append(RepositoryName repository, UploadId id, Optional<ContentRange> range, long declaredLength,
            InputStream chunk) throws IOException;

    /**
     * Appends a last (possibly empty) chunk, checks the content against {@code expected} and
     * makes it a blob linked into the repository. On a digest mismatch the session is cancelled
     * and {@code DIGEST_INVALID} thrown; nothing becomes visible.
     */
    BlobInfo complete(RepositoryName repository, UploadId id, Optional<ContentRange> range, long declaredLength,
            InputStream lastChunk, Digest expected) throws IOException;

    /** Cancels the session and deletes its bytes. */
    void cancel(RepositoryName repository, UploadId id) throws IOException;
}
