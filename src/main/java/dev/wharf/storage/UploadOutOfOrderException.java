package dev.wharf.storage;

import dev.wharf.domain.RepositoryName;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;

/**
 * A chunk that does not continue the upload where it ends ({@code BLOB_UPLOAD_INVALID}, 416).
 * Carries the upload as it stands, so that the API can tell the client where to resume.
 */
public final class UploadOutOfOrderException extends RegistryException {
    private final RepositoryName repository;
    private final UploadStatus upload;

    public UploadOutOfOrderException(RepositoryName repository, UploadStatus upload, String reason) {
        super(OciErrorCode.BLOB_UPLOAD_RANGE_INVALID, reason);
        this.repository = repository;
        this.upload = upload;
    }

    /** The repository the upload belongs to. */
    public RepositoryName repository() {
        return repository;
    }

    /** The upload's id and the bytes it holds, unchanged by the refused chunk. */
    public UploadStatus upload() {
        return upload;
    }
}
