package dev.wharf.storage;

import static dev.wharf.storage.TestContent.breakingAfter;
import static dev.wharf.storage.TestContent.seeded;
import static dev.wharf.storage.TestContent.sha256;
import static dev.wharf.storage.TestContent.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.ContentRange;
import dev.wharf.domain.Digest;
import dev.wharf.domain.DigestAlgorithm;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.UploadId;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.filesystem.FilesystemDriver;
import dev.wharf.storage.driver.inmemory.InMemoryDriver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalUploadStoreTest {
    private static final RepositoryName REPO = new RepositoryName("team/app");
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path temp;

    private StorageDriver driver;
    private BlobStore blobs;
    private LocalRepositoryBlobStore repositoryBlobs;
    private LocalUploadStore uploads;
    private ExecutorService executor;

    @BeforeEach
    void inMemory() {
        use(new InMemoryDriver());
    }

    @AfterEach
    void stopExecutor() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void use(StorageDriver storage) {
        driver = storage;
        blobs = new BlobStore(driver);
        repositoryBlobs = new LocalRepositoryBlobStore(driver, blobs, true);
        uploads = newStore();
    }

    /** A second store over the same storage: what a restarted registry (or another node) sees. */
    private LocalUploadStore newStore() {
        return new LocalUploadStore(driver, blobs, repositoryBlobs);
    }

    private StorageDriver filesystem() throws IOException {
        return new FilesystemDriver(temp.resolve("registry"));
    }

    /** By name: the in-memory driver, or the filesystem one, whose writers behave differently on failure. */
    private void use(String name) throws IOException {
        use(name.equals("filesystem") ? filesystem() : new InMemoryDriver());
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static InputStream empty() {
        return InputStream.nullInputStream();
    }

    private static Optional<ContentRange> range(long start, long end) {
        return Optional.of(new ContentRange(start, end));
    }

    private UploadStatus append(UploadId id, byte[] chunk) throws IOException {
        return uploads.append(REPO, id, Optional.empty(), -1, in(chunk));
    }

    private static RegistryException expect(OciErrorCode code, org.junit.jupiter.api.function.Executable call) {
        RegistryException e = assertThrows(RegistryException.class, call);
        assertEquals(code, e.errors().get(0).code());
        assertEquals(code.status(), e.code().status());
        return e;
    }

    private void assertUploadGone(UploadId id) throws IOException {
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN, () -> uploads.status(REPO, id));
        assertThrows(PathNotFoundException.class, () -> driver.stat(StoragePaths.uploadDirectory(REPO, id)));
    }

    private byte[] readBlob(Digest digest) throws IOException {
        try (InputStream in = blobs.open(digest, 0)) {
            return in.readAllBytes();
        }
    }

    /** Every blob data file in the store. */
    private List<String> blobDataFiles() throws IOException {
        List<String> files = new ArrayList<>();
        try {
            driver.walk(StoragePaths.blobsRoot(), info -> {
                if (!info.directory()) {
                    files.add(info.path());
                }
                return true;
            });
        } catch (PathNotFoundException e) {
            // no blob yet
        }
        return files;
    }

    @Test
    void startOpensAnEmptyUploadWithAStartTime() throws IOException {
        Instant before = Instant.now().minusSeconds(1);
        UploadStatus started = uploads.start(REPO);
        assertEquals(0, started.size());
        assertEquals(0, uploads.status(REPO, started.id()).size());
        assertEquals(0, driver.stat(StoragePaths.uploadData(REPO, started.id())).size());
        // distribution reads startedat with time.RFC3339 when it purges old uploads
        String startedAt = new String(driver.getContent(StoragePaths.uploadStartedAt(REPO, started.id())));
        assertTrue(startedAt.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), startedAt);
        Instant parsed = Instant.from(DateTimeFormatter.ISO_INSTANT.parse(startedAt));
        assertFalse(parsed.isBefore(before.minusSeconds(1)));
        assertFalse(parsed.isAfter(Instant.now().plusSeconds(1)));
    }

    @Test
    void startGivesEachUploadItsOwnId() throws IOException {
        assertFalse(uploads.start(REPO).id().equals(uploads.start(REPO).id()));
    }

    @Test
    void chunksAppendInOrderWithAndWithoutContentRange() throws IOException {
        UploadId id = uploads.start(REPO).id();
        assertEquals(6, append(id, utf8("hello ")).size());
        assertEquals(6, uploads.status(REPO, id).size());
        UploadStatus status = uploads.append(REPO, id, range(6, 10), 5, in(utf8("world")));
        assertEquals(11, status.size());
        assertEquals(id, status.id());
        // a Content-Range without a known Content-Length
        assertEquals(12, uploads.append(REPO, id, range(11, 11), -1, in(utf8("!"))).size());
        // an empty chunk changes nothing
        assertEquals(12, append(id, new byte[0]).size());
        assertEquals(12, uploads.status(REPO, id).size());

        byte[] all = utf8("hello world!");
        BlobInfo blob = uploads.complete(REPO, id, Optional.empty(), -1, empty(), sha256(all));
        assertEquals(new BlobInfo(sha256(all), 12), blob);
        assertArrayEquals(all, readBlob(blob.digest()));
    }

    @Test
    void outOfOrderChunkIsRefusedWithTheRangeToResumeFrom() throws IOException {
        UploadId id = uploads.start(REPO).id();
        append(id, utf8("0123456789"));
        for (ContentRange wrong : List.of(new ContentRange(5, 9), new ContentRange(0, 9), new ContentRange(11, 20))) {
            RegistryException e = expect(OciErrorCode.BLOB_UPLOAD_RANGE_INVALID, () -> uploads.append(REPO, id,
                    Optional.of(wrong), wrong.length(), in(new byte[(int) wrong.length()])));
            UploadOutOfOrderException refused = assertInstanceOf(UploadOutOfOrderException.class, e);
            assertEquals(new UploadStatus(id, 10), refused.upload(), "the upload as it stands, to resume from");
            assertEquals(REPO, refused.repository());
            assertEquals(10, uploads.status(REPO, id).size());
        }
        byte[] all = utf8("0123456789abc");
        assertEquals(13, uploads.append(REPO, id, range(10, 12), 3, in(utf8("abc"))).size());
        assertEquals(sha256(all), uploads.complete(REPO, id, Optional.empty(), -1, empty(), sha256(all)).digest());
        assertArrayEquals(all, readBlob(sha256(all)));
    }

    @Test
    void chunkOnAnEmptyUploadMustStartAtZero() throws IOException {
        UploadId id = uploads.start(REPO).id();
        RegistryException e = expect(OciErrorCode.BLOB_UPLOAD_RANGE_INVALID,
                () -> uploads.append(REPO, id, range(1, 3), 3, in(utf8("abc"))));
        assertEquals(0, ((UploadOutOfOrderException) e).upload().size());
        assertEquals(0, uploads.status(REPO, id).size());
    }

    @Test
    void contentRangeLengthMustMatchContentLength() throws IOException {
        UploadId id = uploads.start(REPO).id();
        append(id, utf8("abcd"));
        RegistryException e = expect(OciErrorCode.BLOB_UPLOAD_RANGE_INVALID,
                () -> uploads.append(REPO, id, range(4, 7), 3, in(utf8("efg"))));
        assertEquals(4, ((UploadOutOfOrderException) e).upload().size());
        assertEquals(4, uploads.status(REPO, id).size());
    }

    @Test
    void outOfOrderRangeOnCompletionIsRefusedAndTheUploadKept() throws IOException {
        UploadId id = uploads.start(REPO).id();
        append(id, utf8("abcd"));
        byte[] all = utf8("abcdef");
        RegistryException e = expect(OciErrorCode.BLOB_UPLOAD_RANGE_INVALID,
                () -> uploads.complete(REPO, id, range(3, 4), 2, in(utf8("ef")), sha256(all)));
        assertEquals(4, ((UploadOutOfOrderException) e).upload().size());
        assertEquals(4, uploads.status(REPO, id).size());
        assertEquals(6, uploads.complete(REPO, id, range(4, 5), 2, in(utf8("ef")), sha256(all)).size());
    }

    @Test
    void completionMakesALinkedBlobAndRemovesTheUpload() throws IOException {
        byte[] content = utf8("layer bytes");
        UploadId id = uploads.start(REPO).id();
        append(id, content);
        BlobInfo blob = uploads.complete(REPO, id, Optional.empty(), -1, empty(), sha256(content));
        assertEquals(new BlobInfo(sha256(content), content.length), blob);
        assertArrayEquals(content, readBlob(blob.digest()));
        assertEquals(Optional.of(blob), repositoryBlobs.stat(REPO, blob.digest()));
        assertEquals(Optional.empty(), repositoryBlobs.stat(new RepositoryName("other"), blob.digest()));
        assertUploadGone(id);
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN, () -> append(id, utf8("more")));
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN,
                () -> uploads.complete(REPO, id, Optional.empty(), -1, empty(), sha256(content)));
    }

    @Test
    void wrongDigestDiscardsTheUploadAndStoresNothing() throws IOException {
        byte[] content = utf8("what was sent");
        Digest actual = sha256(content);
        Digest claimed = sha256(utf8("what the client claims"));
        UploadId id = uploads.start(REPO).id();
        append(id, content);
        RegistryException e = expect(OciErrorCode.DIGEST_INVALID,
                () -> uploads.complete(REPO, id, Optional.empty(), -1, empty(), claimed));
        assertEquals(400, e.code().status());
        assertEquals(Optional.empty(), blobs.size(claimed));
        assertEquals(Optional.empty(), blobs.size(actual));
        assertEquals(Optional.empty(), repositoryBlobs.stat(REPO, claimed));
        assertEquals(Optional.empty(), repositoryBlobs.stat(REPO, actual));
        assertEquals(List.of(), blobDataFiles());
        assertUploadGone(id);
    }

    @Test
    void wrongDigestOfAnotherAlgorithmIsRefusedToo() throws IOException {
        byte[] content = utf8("abc");
        UploadId id = uploads.start(REPO).id();
        append(id, content);
        Digest claimed = TestContent.digest(DigestAlgorithm.SHA512, utf8("abd"));
        expect(OciErrorCode.DIGEST_INVALID, () -> uploads.complete(REPO, id, Optional.empty(), -1, empty(), claimed));
        assertEquals(List.of(), blobDataFiles());
        assertUploadGone(id);
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void monolithicUploadWithEachAlgorithm(DigestAlgorithm algorithm) throws IOException {
        long length = 3 * MIB + 17;
        Digest digest = TestContent.digest(algorithm, 7, length);
        UploadId id = uploads.start(REPO).id();
        BlobInfo blob = uploads.complete(REPO, id, Optional.empty(), length, seeded(7, 0, length), digest);
        assertEquals(new BlobInfo(digest, length), blob);
        assertEquals(Optional.of(length), blobs.size(digest));
        assertEquals(digest, TestContent.digest(algorithm, blobs.open(digest, 0)));
        assertTrue(repositoryBlobs.stat(REPO, digest).isPresent());
        assertUploadGone(id);
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void chunkedUploadFinishedWithEachAlgorithm(DigestAlgorithm algorithm) throws IOException {
        // Chunks are hashed as sha256 when they arrive; another algorithm at the end means a rehash.
        long length = 2 * MIB + 5;
        Digest digest = TestContent.digest(algorithm, 11, length);
        UploadId id = uploads.start(REPO).id();
        long[] cuts = {0, 1, 70_000, MIB, length - 3};
        for (int i = 0; i + 1 < cuts.length; i++) {
            long size = uploads.append(REPO, id, range(cuts[i], cuts[i + 1] - 1), cuts[i + 1] - cuts[i],
                    seeded(11, cuts[i], cuts[i + 1])).size();
            assertEquals(cuts[i + 1], size);
        }
        BlobInfo blob = uploads.complete(REPO, id, range(length - 3, length - 1), 3, seeded(11, length - 3, length), digest);
        assertEquals(new BlobInfo(digest, length), blob);
        assertEquals(digest, TestContent.digest(algorithm, blobs.open(digest, 0)));
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void zeroByteBlob(DigestAlgorithm algorithm) throws IOException {
        Digest digest = TestContent.digest(algorithm, new byte[0]);
        UploadId id = uploads.start(REPO).id();
        BlobInfo blob = uploads.complete(REPO, id, Optional.empty(), 0, empty(), digest);
        assertEquals(new BlobInfo(digest, 0), blob);
        assertEquals(Optional.of(0L), blobs.size(digest));
        assertEquals(Optional.of(blob), repositoryBlobs.stat(REPO, digest));
        assertUploadGone(id);
    }

    @Test
    void zeroByteBlobAfterEmptyChunks() throws IOException {
        Digest digest = sha256(new byte[0]);
        UploadId id = uploads.start(REPO).id();
        assertEquals(0, append(id, new byte[0]).size());
        assertEquals(0, uploads.complete(REPO, id, Optional.empty(), -1, empty(), digest).size());
        expect(OciErrorCode.DIGEST_INVALID, () -> {
            UploadId other = uploads.start(REPO).id();
            uploads.complete(REPO, other, Optional.empty(), -1, empty(), sha256(utf8("x")));
        });
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void restartBetweenChunksStillVerifies(DigestAlgorithm algorithm) throws IOException {
        long length = 300_000;
        Digest digest = TestContent.digest(algorithm, 3, length);
        UploadId id = uploads.start(REPO).id();
        uploads.append(REPO, id, Optional.empty(), -1, seeded(3, 0, 100_000));

        LocalUploadStore restarted = newStore();
        assertEquals(100_000, restarted.status(REPO, id).size());
        assertEquals(200_000, restarted.append(REPO, id, range(100_000, 199_999), 100_000, seeded(3, 100_000, 200_000)).size());
        BlobInfo blob = restarted.complete(REPO, id, Optional.empty(), -1, seeded(3, 200_000, length), digest);
        assertEquals(new BlobInfo(digest, length), blob);
        assertEquals(digest, TestContent.digest(algorithm, blobs.open(digest, 0)));
    }

    @Test
    void restartRightBeforeCompletionStillVerifies() throws IOException {
        byte[] first = utf8("first half, ");
        byte[] all = utf8("first half, second half");
        UploadId id = uploads.start(REPO).id();
        append(id, first);
        BlobInfo blob = newStore().complete(REPO, id, Optional.empty(), -1, in(utf8("second half")), sha256(all));
        assertEquals(sha256(all), blob.digest());
        assertArrayEquals(all, readBlob(blob.digest()));
    }

    @Test
    void restartThenWrongDigestIsStillCaught() throws IOException {
        UploadId id = uploads.start(REPO).id();
        append(id, utf8("abc"));
        LocalUploadStore restarted = newStore();
        expect(OciErrorCode.DIGEST_INVALID,
                () -> restarted.complete(REPO, id, Optional.empty(), -1, in(utf8("def")), sha256(utf8("abcdeX"))));
        assertEquals(List.of(), blobDataFiles());
    }

    @Test
    void storesTakingTurnsOnOneUploadStillVerify() throws IOException {
        // Two nodes (or an old and a new instance) append to the same upload; each one's
        // in-memory hash then misses the other's chunks and must not be trusted.
        LocalUploadStore other = newStore();
        byte[] all = utf8("aaaa" + "bbbb" + "cccc" + "dddd");
        UploadId id = uploads.start(REPO).id();
        uploads.append(REPO, id, range(0, 3), 4, in(utf8("aaaa")));
        other.append(REPO, id, range(4, 7), 4, in(utf8("bbbb")));
        uploads.append(REPO, id, range(8, 11), 4, in(utf8("cccc")));
        BlobInfo blob = uploads.complete(REPO, id, range(12, 15), 4, in(utf8("dddd")), sha256(all));
        assertEquals(sha256(all), blob.digest());
        assertArrayEquals(all, readBlob(blob.digest()));
    }

    @Test
    void staleStateOfTheSameLengthFromAnotherStoreIsNotTrusted() throws IOException {
        // Store A hashes 4 bytes; store B takes over; the upload then has more bytes than A saw.
        LocalUploadStore other = newStore();
        byte[] all = utf8("aaaabbbb");
        UploadId id = uploads.start(REPO).id();
        uploads.append(REPO, id, Optional.empty(), -1, in(utf8("aaaa")));
        other.append(REPO, id, Optional.empty(), -1, in(utf8("bbbb")));
        assertEquals(sha256(all), uploads.complete(REPO, id, Optional.empty(), -1, empty(), sha256(all)).digest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"inmemory", "filesystem"})
    void chunkThatBreaksHalfWayKeepsWhatArrived(String driverName) throws IOException {
        use(driverName);
        byte[] first = utf8("0123456789".repeat(30)); // 300 bytes, read 100 at a time
        byte[] rest = utf8("the rest of the blob");
        byte[] all = new byte[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);

        UploadId id = uploads.start(REPO).id();
        RegistryException broken = expect(OciErrorCode.SIZE_INVALID,
                () -> uploads.append(REPO, id, Optional.empty(), -1, breakingAfter(first)));
        assertTrue(broken.errors().get(0).detail().toString().contains("broke off after"), broken.getMessage());
        assertEquals(first.length, uploads.status(REPO, id).size());

        // The client resumes where the status says.
        BlobInfo blob = uploads.complete(REPO, id, range(first.length, all.length - 1), rest.length, in(rest), sha256(all));
        assertEquals(new BlobInfo(sha256(all), all.length), blob);
        assertArrayEquals(all, readBlob(blob.digest()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"inmemory", "filesystem"})
    void laterChunkThatBreaksHalfWayKeepsWhatArrived(String driverName) throws IOException {
        use(driverName);
        byte[] all = utf8("head:" + "x".repeat(250) + ":tail");
        UploadId id = uploads.start(REPO).id();
        append(id, java.util.Arrays.copyOfRange(all, 0, 5));
        expect(OciErrorCode.SIZE_INVALID, () -> uploads.append(REPO, id, range(5, 254), 250,
                breakingAfter(java.util.Arrays.copyOfRange(all, 5, 205))));
        assertEquals(205, uploads.status(REPO, id).size());
        // a retry from where the client thought it was is refused; from the status it works
        expect(OciErrorCode.BLOB_UPLOAD_RANGE_INVALID, () -> uploads.append(REPO, id, range(5, 254), 250,
                in(java.util.Arrays.copyOfRange(all, 5, 255))));
        assertEquals(255, uploads.append(REPO, id, range(205, 254), 50, in(java.util.Arrays.copyOfRange(all, 205, 255))).size());
        BlobInfo blob = uploads.complete(REPO, id, Optional.empty(), -1, in(utf8(":tail")), sha256(all));
        assertEquals(new BlobInfo(sha256(all), all.length), blob);
        assertArrayEquals(all, readBlob(blob.digest()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"inmemory", "filesystem"})
    void lastChunkThatBreaksHalfWayCanBeRetried(String driverName) throws IOException {
        use(driverName);
        byte[] all = utf8("abcdefghij".repeat(50));
        byte[] head = java.util.Arrays.copyOfRange(all, 0, 120);
        byte[] tail = java.util.Arrays.copyOfRange(all, 120, all.length);
        Digest digest = TestContent.digest(DigestAlgorithm.SHA512, all);

        UploadId id = uploads.start(REPO).id();
        expect(OciErrorCode.SIZE_INVALID,
                () -> uploads.complete(REPO, id, Optional.empty(), -1, breakingAfter(head), digest));
        assertEquals(head.length, uploads.status(REPO, id).size());
        assertEquals(List.of(), blobDataFiles());

        BlobInfo blob = uploads.complete(REPO, id, Optional.empty(), -1, in(tail), digest);
        assertEquals(new BlobInfo(digest, all.length), blob);
        assertArrayEquals(all, readBlob(digest));
    }

    @Test
    void cancelRemovesTheUpload() throws IOException {
        UploadId id = uploads.start(REPO).id();
        append(id, utf8("abc"));
        uploads.cancel(REPO, id);
        assertUploadGone(id);
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN, () -> append(id, utf8("d")));
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN,
                () -> uploads.complete(REPO, id, Optional.empty(), -1, empty(), sha256(utf8("abc"))));
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN, () -> uploads.cancel(REPO, id));
        assertEquals(List.of(), blobDataFiles());
    }

    @Test
    void unknownUploadId() {
        UploadId id = UploadId.random();
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN, () -> uploads.status(REPO, id));
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN, () -> append(id, utf8("abc")));
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN,
                () -> uploads.complete(REPO, id, Optional.empty(), -1, in(utf8("abc")), sha256(utf8("abc"))));
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN, () -> uploads.cancel(REPO, id));
    }

    @Test
    void noHashStateOutlivesItsUpload() throws IOException {
        UploadHashes hashes = new UploadHashes();
        uploads = new LocalUploadStore(driver, blobs, repositoryBlobs, hashes);
        byte[] content = utf8("abc");

        UploadId unknown = UploadId.random();
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN, () -> append(unknown, content));
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN,
                () -> uploads.complete(REPO, unknown, Optional.empty(), -1, in(content), sha256(content)));
        assertEquals(0, hashes.size());

        UploadId finished = uploads.start(REPO).id();
        append(finished, content);
        assertEquals(1, hashes.size());
        uploads.complete(REPO, finished, Optional.empty(), -1, empty(), sha256(content));
        assertEquals(0, hashes.size());
        // a client retrying its PUT after success
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN,
                () -> uploads.complete(REPO, finished, Optional.empty(), -1, empty(), sha256(content)));
        assertEquals(0, hashes.size());

        UploadId wrong = uploads.start(REPO).id();
        append(wrong, content);
        expect(OciErrorCode.DIGEST_INVALID, () -> uploads.complete(REPO, wrong, Optional.empty(), -1, empty(), sha256(utf8("x"))));
        assertEquals(0, hashes.size());

        UploadId cancelled = uploads.start(REPO).id();
        append(cancelled, content);
        uploads.cancel(REPO, cancelled);
        assertEquals(0, hashes.size());
    }

    @Test
    void concurrentChunksForTheSameRangeOnlyOneLands() throws Exception {
        int threads = 4;
        UploadId id = uploads.start(REPO).id();
        executor = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(executor.submit(() -> {
                go.await();
                try {
                    uploads.append(REPO, id, range(0, 99_999), 100_000, seeded(5, 0, 100_000));
                    return true;
                } catch (RegistryException e) {
                    assertEquals(OciErrorCode.BLOB_UPLOAD_RANGE_INVALID, e.errors().get(0).code());
                    return false;
                }
            }));
        }
        go.countDown();
        int landed = 0;
        for (Future<Boolean> result : results) {
            landed += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertEquals(1, landed);
        assertEquals(100_000, uploads.status(REPO, id).size());
        Digest digest = TestContent.digest(DigestAlgorithm.SHA256, 5, 100_000);
        assertEquals(digest, uploads.complete(REPO, id, Optional.empty(), -1, empty(), digest).digest());
    }

    @Test
    void uploadIsScopedToItsRepository() throws IOException {
        UploadId id = uploads.start(REPO).id();
        RepositoryName other = new RepositoryName("team/other");
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN, () -> uploads.status(other, id));
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN, () -> uploads.append(other, id, Optional.empty(), -1, in(utf8("x"))));
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN, () -> uploads.cancel(other, id));
        assertEquals(0, uploads.status(REPO, id).size());
    }

    @Test
    void unknownIdLeavesNoFilesBehind() throws IOException {
        UploadId id = UploadId.random();
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN, () -> append(id, utf8("abc")));
        assertThrows(PathNotFoundException.class, () -> driver.stat(StoragePaths.uploadDirectory(REPO, id)));
    }

    @Test
    void sameContentUploadedTwiceLeavesOneBlob() throws IOException {
        byte[] content = utf8("shared layer");
        Digest digest = sha256(content);
        RepositoryName second = new RepositoryName("team/second");
        UploadId first = uploads.start(REPO).id();
        assertEquals(digest, uploads.complete(REPO, first, Optional.empty(), -1, in(content), digest).digest());
        UploadId again = uploads.start(REPO).id();
        append(again, content);
        assertEquals(new BlobInfo(digest, content.length),
                uploads.complete(REPO, again, Optional.empty(), -1, empty(), digest));
        UploadId elsewhere = uploads.start(second).id();
        assertEquals(new BlobInfo(digest, content.length),
                uploads.complete(second, elsewhere, Optional.empty(), -1, in(content), digest));

        assertEquals(List.of(StoragePaths.blobData(digest)), blobDataFiles());
        assertArrayEquals(content, readBlob(digest));
        assertTrue(repositoryBlobs.stat(REPO, digest).isPresent());
        assertTrue(repositoryBlobs.stat(second, digest).isPresent());
        assertUploadGone(again);
        expect(OciErrorCode.BLOB_UPLOAD_UNKNOWN, () -> uploads.status(second, elsewhere));
    }

    @Test
    void concurrentUploadsOfDifferentBlobsAllVerify() throws Exception {
        int threads = 4;
        long length = 3 * MIB + 1234;
        executor = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<BlobInfo>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = 100 + t;
            DigestAlgorithm algorithm = t == 3 ? DigestAlgorithm.SHA512 : DigestAlgorithm.SHA256;
            Digest digest = TestContent.digest(algorithm, seed, length);
            Callable<BlobInfo> upload = () -> {
                go.await();
                UploadId id = uploads.start(REPO).id();
                long chunk = 256 * 1024 + seed; // uneven chunks, different per thread
                long at = 0;
                while (at + chunk < length) {
                    assertEquals(at + chunk, uploads.append(REPO, id, range(at, at + chunk - 1), chunk,
                            seeded(seed, at, at + chunk)).size());
                    at += chunk;
                }
                return uploads.complete(REPO, id, Optional.empty(), -1, seeded(seed, at, length), digest);
            };
            results.add(executor.submit(upload));
        }
        go.countDown();
        for (int t = 0; t < threads; t++) {
            BlobInfo blob = results.get(t).get(60, TimeUnit.SECONDS);
            DigestAlgorithm algorithm = t == 3 ? DigestAlgorithm.SHA512 : DigestAlgorithm.SHA256;
            assertEquals(new BlobInfo(TestContent.digest(algorithm, 100 + t, length), length), blob);
            assertEquals(blob.digest(), TestContent.digest(algorithm, blobs.open(blob.digest(), 0)));
            assertTrue(repositoryBlobs.stat(REPO, blob.digest()).isPresent());
        }
        assertEquals(threads, blobDataFiles().size());
        assertEquals(List.of(), remainingUploads());
    }

    private List<String> remainingUploads() throws IOException {
        try {
            return driver.list(StoragePaths.uploadsDirectory(REPO));
        } catch (PathNotFoundException e) {
            return List.of();
        }
    }

    @Test
    void onDiskLayoutIsDistributions() throws IOException {
        use(filesystem());
        Path root = temp.resolve("registry").toRealPath();
        byte[] content = utf8("on disk");
        UploadId id = uploads.start(REPO).id();
        append(id, content);
        Path upload = root.resolve("docker/registry/v2/repositories/team/app/_uploads/" + id.value());
        assertArrayEquals(content, Files.readAllBytes(upload.resolve("data")));
        assertTrue(Files.isRegularFile(upload.resolve("startedat")));

        Digest digest = sha256(content);
        uploads.complete(REPO, id, Optional.empty(), -1, empty(), digest);
        assertFalse(Files.exists(upload));
        assertArrayEquals(content,
                Files.readAllBytes(root.resolve("docker/registry/v2/blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex() + "/data")));
        assertEquals(digest.toString(),
                Files.readString(root.resolve("docker/registry/v2/repositories/team/app/_layers/sha256/" + digest.hex() + "/link")));
    }
}
