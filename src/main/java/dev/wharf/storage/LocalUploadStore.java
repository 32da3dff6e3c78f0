package dev.wharf.storage;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.ContentRange;
import dev.wharf.domain.Digest;
import dev.wharf.domain.DigestAlgorithm;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.UploadId;
import dev.wharf.storage.driver.FileWriter;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * {@link UploadStore} in distribution's upload area ({@code _uploads/<id>/data}). Bytes stream
 * from the request to storage through the running hash; the finished upload is moved into
 * {@code blobs/} only when its digest matches, so a crash at any point leaves no partial blob.
 */
public final class LocalUploadStore implements UploadStore {
    private static final int BUFFER = 64 * 1024;

    private final StorageDriver driver;
    private final BlobStore blobs;
    private final LocalRepositoryBlobStore repositoryBlobs;
    private final UploadHashes hashes;

    public LocalUploadStore(StorageDriver driver, BlobStore blobs, LocalRepositoryBlobStore repositoryBlobs) {
        this(driver, blobs, repositoryBlobs, new UploadHashes());
    }

    LocalUploadStore(StorageDriver driver, BlobStore blobs, LocalRepositoryBlobStore repositoryBlobs, UploadHashes hashes) {
        this.driver = driver;
        this.blobs = blobs;
        this.repositoryBlobs = repositoryBlobs;
        this.hashes = hashes;
    }

    @Override
    public UploadStatus start(RepositoryName repository) throws IOException {
        UploadId id = UploadId.random();
        // Same format as distribution (RFC 3339, seconds), so its upload purging reads ours.
        driver.putContent(StoragePaths.uploadStartedAt(repository, id),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().getBytes(StandardCharsets.UTF_8));
        driver.putContent(StoragePaths.uploadData(repository, id), new byte[0]);
        return new UploadStatus(id, 0);
    }

    @Override
    public UploadStatus status(RepositoryName repository, UploadId id) throws IOException {
        return new UploadStatus(id, size(repository, id));
    }

    @Override
    public UploadStatus append(RepositoryName repository, UploadId id, Optional<ContentRange> range, long declaredLength,
            InputStream chunk) throws IOException {
        UploadHashes.State state = hashes.of(id);
        synchronized (state) {
            long size = sizeOrForget(repository, id);
            checkRange(repository, id, size, range, declaredLength);
            DigestAlgorithm algorithm = state.algorithm == null ? DigestAlgorithm.SHA256 : state.algorithm;
            return new UploadStatus(id, write(repository, id, state, size, algorithm, chunk));
        }
    }

    @Override
    public BlobInfo complete(RepositoryName repository, UploadId id, Optional<ContentRange> range, long declaredLength,
            InputStream lastChunk, Digest expected) throws IOException {
        UploadHashes.State state = hashes.of(id);
        synchronized (state) {
            long size = sizeOrForget(repository, id);
            checkRange(repository, id, size, range, declaredLength);
            // A monolithic upload hashes with the client's algorithm from the first byte;
            // a chunked one hashed sha256 and is rehashed only if the client chose another.
            DigestAlgorithm algorithm = size == 0 ? expected.algorithm()
                    : state.algorithm == null ? DigestAlgorithm.SHA256 : state.algorithm;
            long total = write(repository, id, state, size, algorithm, lastChunk);
            if (!state.covers(total, expected.algorithm())) {
                rehash(repository, id, state, total, expected.algorithm());
            }
            Digest actual = Digest.of(expected.algorithm(), state.hash.digest());
            state.invalidate();
            if (!actual.equals(expected)) {
                cancel(repository, id);
                throw new RegistryException(OciErrorCode.DIGEST_INVALID, Map.of(
                        "expected", expected.toString(), "actual", actual.toString(),
                        "reason", "the uploaded content does not match the digest; the upload was discarded"));
            }
            blobs.commit(StoragePaths.uploadData(repository, id), actual);
            repositoryBlobs.link(repository, actual);
            driver.deleteIfExists(StoragePaths.uploadDirectory(repository, id));
            hashes.forget(id);
            return new BlobInfo(actual, total);
        }
    }

    @Override
    public void cancel(RepositoryName repository, UploadId id) throws IOException {
        try {
            driver.delete(StoragePaths.uploadDirectory(repository, id));
        } catch (PathNotFoundException e) {
            throw unknown(id);
        } finally {
            hashes.forget(id);
        }
    }

    private long write(RepositoryName repository, UploadId id, UploadHashes.State state, long size,
            DigestAlgorithm algorithm, InputStream chunk) throws IOException {
        boolean hashing = state.covers(size, algorithm) || size == 0;
        if (size == 0) {
            state.reset(algorithm);
        }
        long written = 0;
        byte[] buffer = new byte[BUFFER];
        try (FileWriter writer = driver.writer(StoragePaths.uploadData(repository, id), true)) {
            try {
                int n;
                while ((n = readFromClient(chunk, buffer, size + written)) > 0) {
                    writer.write(buffer, 0, n);
                    if (hashing) {
                        state.hash.update(buffer, 0, n);
                    }
                    written += n;
                }
                writer.commit();
            } catch (IOException | RuntimeException e) {
                // Whatever reached storage stays (the client may resume from GET status), but the
                // hash no longer matches it for certain: recompute at completion.
                state.invalidate();
                throw e;
            }
        }
        if (hashing) {
            state.length = size + written;
        } else {
            state.invalidate();
        }
        return size + written;
    }

    /**
     * Reads the request body. A body that breaks off (the client went away, or sent less than its
     * Content-Length) is the client's failure, answered as such, not a server error.
     */
    private static int readFromClient(InputStream chunk, byte[] buffer, long uploadSize) {
        try {
            return chunk.read(buffer);
        } catch (IOException e) {
            throw new RegistryException(OciErrorCode.SIZE_INVALID, "the request body broke off after the upload reached "
                    + uploadSize + " bytes (" + e.getClass().getSimpleName() + "); GET the upload for its size and resume");
        }
    }

    private void rehash(RepositoryName repository, UploadId id, UploadHashes.State state, long size,
            DigestAlgorithm algorithm) throws IOException {
        state.reset(algorithm);
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = driver.reader(StoragePaths.uploadData(repository, id), 0)) {
            int n;
            long read = 0;
            while (read < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - read))) > 0) {
                state.hash.update(buffer, 0, n);
                read += n;
            }
            state.length = read;
        }
    }

    private void checkRange(RepositoryName repository, UploadId id, long size, Optional<ContentRange> range,
            long declaredLength) {
        if (range.isEmpty()) {
            return;
        }
        ContentRange chunk = range.get();
        boolean inOrder = chunk.start() == size;
        boolean lengthMatches = declaredLength < 0 || declaredLength == chunk.length();
        if (!inOrder || !lengthMatches) {
            String reason = !inOrder
                    ? "chunk starts at byte " + chunk.start() + " but the upload holds " + size + " bytes; resume at " + size
                    : "Content-Range covers " + chunk.length() + " bytes but Content-Length is " + declaredLength;
            throw new UploadOutOfOrderException(repository, new UploadStatus(id, size), reason);
        }
    }

    /**
     * {@link #size}, dropping the hash state that looking the upload up created when there is no
     * such upload: else every request for an unknown or finished id would leave an entry behind.
     */
    private long sizeOrForget(RepositoryName repository, UploadId id) throws IOException {
        try {
            return size(repository, id);
        } catch (RegistryException e) {
            hashes.forget(id);
            throw e;
        }
    }

    /** The upload's size; throws BLOB_UPLOAD_UNKNOWN when the session does not exist. */
    private long size(RepositoryName repository, UploadId id) throws IOException {
        try {
            driver.stat(StoragePaths.uploadStartedAt(repository, id));
            return driver.stat(StoragePaths.uploadData(repository, id)).size();
        } catch (PathNotFoundException e) {
            throw unknown(id);
        }
    }



    private static RegistryException unknown(UploadId id) {
        return new RegistryException(OciErrorCode.BLOB_UPLOAD_UNKNOWN,
                "upload " + id + " does not exist: it was never started, or was finished, cancelled or purged");
    }

    /**
     * Removes uploads started before {@code startedBefore} (distribution's upload purging): their
     * client is gone, and their bytes would stay forever. An upload whose {@code startedat} is
     * missing or unreadable counts as started when its directory was last modified.
     *
     * @param dryRun only count (and let the caller log) what would be removed
     * @return how many uploads were (or would be) removed
     */
    public int purgeStartedBefore(Instant startedBefore, boolean dryRun) throws IOException {
        int purged = 0;
        for (String uploads : RepositoryWalk.find(driver, StoragePaths::isUploadsDirectory)) {
            for (String upload : driver.list(uploads)) {
                if (startedAt(upload).isBefore(startedBefore)) {
                    purged++;
                    if (!dryRun) {
                        driver.deleteIfExists(upload);
                        try {
                            hashes.forget(new UploadId(StoragePaths.lastComponent(upload)));
                        } catch (dev.wharf.domain.InvalidValueException e) {
                            // not one of ours (distribution names uploads the same way, but be safe)
                        }
                    }
                }
            }
        }
        return purged;
    }

    private Instant startedAt(String upload) throws IOException {
        try {
            String text = new String(driver.getContent(StoragePaths.uploadStartedAtIn(upload)), StandardCharsets.UTF_8).trim();
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (PathNotFoundException | java.time.format.DateTimeParseException e) {
            return driver.stat(upload).modified();
        }
    }
}
