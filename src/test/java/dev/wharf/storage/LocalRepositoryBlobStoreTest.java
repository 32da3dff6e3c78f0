package dev.wharf.storage;

import static dev.wharf.storage.TestContent.sha256;
import static dev.wharf.storage.TestContent.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.inmemory.InMemoryDriver;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LocalRepositoryBlobStoreTest {
    private static final RepositoryName REPO = new RepositoryName("team/app");
    private static final RepositoryName OTHER = new RepositoryName("team/other");
    private static final RepositoryName THIRD = new RepositoryName("third");
    private static final byte[] CONTENT = utf8("0123456789abcdef");
    private static final Digest DIGEST = sha256(CONTENT);
    private static final Digest UNKNOWN = sha256(utf8("never stored"));

    private StorageDriver driver;
    private BlobStore blobs;
    private LocalRepositoryBlobStore store;

    @BeforeEach
    void setUp() {
        use(true);
    }

    private void use(boolean deleteEnabled) {
        driver = new InMemoryDriver();
        blobs = new BlobStore(driver);
        store = new LocalRepositoryBlobStore(driver, blobs, deleteEnabled);
    }

    /** The blob in the registry-wide store, linked into {@code repositories}. */
    private void stored(RepositoryName... repositories) throws IOException {
        blobs.putSmall(DIGEST, CONTENT);
        for (RepositoryName repository : repositories) {
            store.link(repository, DIGEST);
        }
    }

    private byte[] read(RepositoryName repository, long offset) throws IOException {
        try (InputStream in = store.open(repository, DIGEST, offset)) {
            return in.readAllBytes();
        }
    }

    private static void expect(OciErrorCode code, Executable call) {
        RegistryException e = assertThrows(RegistryException.class, call);
        assertEquals(code, e.errors().get(0).code());
        assertEquals(code.status(), e.code().status());
    }

    @Test
    void visibleOnlyWhereLinked() throws IOException {
        stored();
        assertEquals(Optional.empty(), store.stat(REPO, DIGEST));
        expect(OciErrorCode.BLOB_UNKNOWN, () -> store.open(REPO, DIGEST, 0));
        store.link(REPO, DIGEST);
        assertEquals(Optional.of(new BlobInfo(DIGEST, CONTENT.length)), store.stat(REPO, DIGEST));
        assertArrayEquals(CONTENT, read(REPO, 0));
        assertEquals(Optional.empty(), store.stat(OTHER, DIGEST));
        expect(OciErrorCode.BLOB_UNKNOWN, () -> store.open(OTHER, DIGEST, 0));
    }

    @Test
    void linkWithoutDataIsAbsent() throws IOException {
        store.link(REPO, DIGEST);
        assertEquals(Optional.empty(), store.stat(REPO, DIGEST));
        expect(OciErrorCode.BLOB_UNKNOWN, () -> store.open(REPO, DIGEST, 0));
    }

    @Test
    void garbageLinkIsAbsent() throws IOException {
        stored();
        driver.putContent(StoragePaths.layerLink(REPO, DIGEST), utf8("garbage"));
        assertEquals(Optional.empty(), store.stat(REPO, DIGEST));
        assertEquals(Optional.empty(), store.read(REPO, DIGEST));
    }

    @Test
    void readGivesTheSizeAndTheBytesOfALinkedBlob() throws IOException {
        stored(REPO);
        try (OpenBlob blob = store.read(REPO, DIGEST).orElseThrow()) {
            assertEquals(new BlobInfo(DIGEST, CONTENT.length), blob.info());
            assertArrayEquals(utf8("cdef"), blob.stream(12).readAllBytes());
        }
        assertEquals(Optional.empty(), store.read(OTHER, DIGEST));
    }

    @Test
    void readOfALinkWithoutDataIsEmpty() throws IOException {
        store.link(REPO, DIGEST);
        assertEquals(Optional.empty(), store.read(REPO, DIGEST));
    }

    @Test
    void openAtAnOffset() throws IOException {
        stored(REPO);
        assertArrayEquals(utf8("abcdef"), read(REPO, 10));
        assertArrayEquals(utf8("f"), read(REPO, CONTENT.length - 1));
        assertArrayEquals(new byte[0], read(REPO, CONTENT.length));
    }

    @Test
    void deleteWhenDisabledIsUnsupported() throws IOException {
        use(false);
        stored(REPO);
        expect(OciErrorCode.UNSUPPORTED, () -> store.delete(REPO, DIGEST));
        assertEquals(405, OciErrorCode.UNSUPPORTED.status());
        assertTrue(store.stat(REPO, DIGEST).isPresent());
    }

    @Test
    void deleteUnlinksFromThatRepositoryOnly() throws IOException {
        stored(REPO, OTHER);
        store.delete(REPO, DIGEST);
        assertEquals(Optional.empty(), store.stat(REPO, DIGEST));
        expect(OciErrorCode.BLOB_UNKNOWN, () -> store.open(REPO, DIGEST, 0));
        assertEquals(Optional.of((long) CONTENT.length), blobs.size(DIGEST));
        assertArrayEquals(CONTENT, read(OTHER, 0));
        expect(OciErrorCode.BLOB_UNKNOWN, () -> store.delete(REPO, DIGEST));
    }

    @Test
    void deleteOfABlobNotInTheRepository() throws IOException {
        stored(OTHER);
        expect(OciErrorCode.BLOB_UNKNOWN, () -> store.delete(REPO, DIGEST));
        expect(OciErrorCode.BLOB_UNKNOWN, () -> store.delete(REPO, UNKNOWN));
        assertTrue(store.stat(OTHER, DIGEST).isPresent());
    }

    @Test
    void mountFromASourceThatHasIt() throws IOException {
        stored(OTHER);
        assertEquals(Optional.of(new BlobInfo(DIGEST, CONTENT.length)), store.mount(REPO, DIGEST, Optional.of(OTHER)));
        assertArrayEquals(CONTENT, read(REPO, 0));
        assertTrue(store.stat(OTHER, DIGEST).isPresent());
    }

    @Test
    void mountFromASourceThatLacksIt() throws IOException {
        stored(OTHER);
        assertEquals(Optional.empty(), store.mount(REPO, DIGEST, Optional.of(THIRD)));
        assertEquals(Optional.empty(), store.stat(REPO, DIGEST));
    }

    @Test
    void mountWithoutSourceTakesAnyBlobTheRegistryHas() throws IOException {
        stored(OTHER);
        assertEquals(Optional.of(new BlobInfo(DIGEST, CONTENT.length)), store.mount(REPO, DIGEST, Optional.empty()));
        assertTrue(store.stat(REPO, DIGEST).isPresent());
    }

    @Test
    void mountOfAnUnknownBlob() throws IOException {
        assertEquals(Optional.empty(), store.mount(REPO, UNKNOWN, Optional.empty()));
        assertEquals(Optional.empty(), store.mount(REPO, UNKNOWN, Optional.of(OTHER)));
        // a source whose link outlived the data does not help either
        store.link(OTHER, UNKNOWN);
        assertEquals(Optional.empty(), store.mount(REPO, UNKNOWN, Optional.of(OTHER)));
        assertEquals(Optional.empty(), store.stat(REPO, UNKNOWN));
    }

    @Test
    void mountIntoARepositoryThatAlreadyHasIt() throws IOException {
        stored(REPO, OTHER);
        assertEquals(Optional.of(new BlobInfo(DIGEST, CONTENT.length)), store.mount(REPO, DIGEST, Optional.of(OTHER)));
        assertEquals(Optional.of(new BlobInfo(DIGEST, CONTENT.length)), store.mount(REPO, DIGEST, Optional.of(REPO)));
    }
}
