package dev.wharf.storage;

import static dev.wharf.storage.TestContent.sha256;
import static dev.wharf.storage.TestContent.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.Digest;
import dev.wharf.domain.MediaTypes;
import dev.wharf.domain.Reference;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.Tag;
import dev.wharf.storage.CountingDriver.Op;
import dev.wharf.storage.driver.inmemory.InMemoryDriver;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a read request costs in storage operations, counted at the driver: each operation is a
 * path lookup (on disk, a real-path check and system calls), so a request does each lookup once.
 */
class OneLookupPerRequestTest {
    private static final RepositoryName REPO = new RepositoryName("team/app");
    private static final byte[] BLOB = utf8("0123456789abcdef");
    private static final Digest BLOB_DIGEST = sha256(BLOB);
    private static final byte[] MANIFEST = utf8(TestManifests.ociImage(sha256(utf8("config")), 6, BLOB_DIGEST, 16));
    private static final Digest MANIFEST_DIGEST = sha256(MANIFEST);
    private static final Tag TAG = new Tag("latest");

    private CountingDriver driver;
    private LocalRepositoryBlobStore repositoryBlobs;
    private LocalManifestStore manifests;

    @BeforeEach
    void warm() throws IOException {
        driver = new CountingDriver(new InMemoryDriver());
        BlobStore blobs = new BlobStore(driver);
        repositoryBlobs = new LocalRepositoryBlobStore(driver, blobs, true);
        manifests = new LocalManifestStore(driver, blobs, repositoryBlobs, true);
        blobs.putSmall(BLOB_DIGEST, BLOB);
        repositoryBlobs.link(REPO, BLOB_DIGEST);
        manifests.cache(REPO, MANIFEST_DIGEST, MANIFEST, MediaTypes.OCI_MANIFEST, Optional.of(TAG));
        driver.reset();
    }

    @Test
    void warmBlobGetIsOneLinkReadAndOneOpen() throws IOException {
        try (OpenBlob blob = repositoryBlobs.read(REPO, BLOB_DIGEST).orElseThrow()) {
            assertEquals(BLOB.length, blob.size());
            assertArrayEquals(Arrays.copyOfRange(BLOB, 4, BLOB.length), blob.stream(4).readAllBytes());
        }
        assertEquals(Map.of(Op.GET_CONTENT, 1, Op.OPEN, 1), driver.counts(),
                "warm blob GET = 1 link read + 1 open (size and bytes together), nothing else");
    }

    @Test
    void blobStreamedByOffsetIsOneLinkReadAndOneOpen() throws IOException {
        try (InputStream in = repositoryBlobs.open(REPO, BLOB_DIGEST, 10)) {
            assertArrayEquals(Arrays.copyOfRange(BLOB, 10, BLOB.length), in.readAllBytes());
        }
        assertEquals(Map.of(Op.GET_CONTENT, 1, Op.OPEN, 1), driver.counts(),
                "blob stream from an offset = 1 link read + 1 open");
    }

    @Test
    void blobHeadIsOneLinkReadAndOneStat() throws IOException {
        assertEquals(Optional.of(new BlobInfo(BLOB_DIGEST, BLOB.length)), repositoryBlobs.stat(REPO, BLOB_DIGEST));
        assertEquals(Map.of(Op.GET_CONTENT, 1, Op.STAT, 1), driver.counts(),
                "blob HEAD = 1 link read + 1 stat");
    }

    @Test
    void blobNotInTheRepositoryIsOneLinkRead() throws IOException {
        assertTrue(repositoryBlobs.read(new RepositoryName("elsewhere"), BLOB_DIGEST).isEmpty());
        assertEquals(Map.of(Op.GET_CONTENT, 1), driver.counts(), "unlinked blob GET = 1 link read");
    }

    @Test
    void manifestByTagIsTagLinkRevisionLinkAndBytes() throws IOException {
        StoredManifest stored = manifests.get(REPO, new Reference.ByTag(TAG)).orElseThrow();
        assertEquals(MANIFEST_DIGEST, stored.digest());
        assertArrayEquals(MANIFEST, stored.content());
        assertEquals(Map.of(Op.GET_CONTENT, 3), driver.counts(),
                "manifest GET by tag = 3 reads: tag current link, revision link, manifest bytes");
    }

    @Test
    void tagListIsOneListingAndOneLinkReadPerTag() throws IOException {
        assertEquals(List.of("latest"), new LocalTagStore(driver).list(REPO, null, -1).items());
        assertEquals(Map.of(Op.LIST, 1, Op.GET_CONTENT, 1), driver.counts(),
                "tag list = 1 listing of tags/ + 1 current-link read per tag, no existence check first");
    }

    @Test
    void manifestByDigestIsRevisionLinkAndBytes() throws IOException {
        StoredManifest stored = manifests.get(REPO, new Reference.ByDigest(MANIFEST_DIGEST)).orElseThrow();
        assertArrayEquals(MANIFEST, stored.content());
        assertEquals(Map.of(Op.GET_CONTENT, 2), driver.counts(),
                "manifest GET by digest = 2 reads: revision link, manifest bytes");
    }
}
