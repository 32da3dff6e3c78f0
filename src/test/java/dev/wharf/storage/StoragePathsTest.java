package dev.wharf.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.Tag;
import dev.wharf.domain.UploadId;
import org.junit.jupiter.api.Test;

/** The layout must be distribution's ({@code registry/storage/paths.go}) to the byte. */
class StoragePathsTest {
    private static final String HEX = "abcd" + "0123456789abcdef".repeat(3) + "0123456789ab";
    private static final Digest DIGEST = Digest.parse("sha256:" + HEX);
    private static final String HEX512 = "ef".repeat(64);
    private static final Digest DIGEST512 = Digest.parse("sha512:" + HEX512);
    private static final RepositoryName NAME = new RepositoryName("library/ubuntu");
    private static final String REPO = "/docker/registry/v2/repositories/library/ubuntu";

    @Test
    void blobs() {
        assertEquals(64, HEX.length());
        assertEquals("/docker/registry/v2/blobs", StoragePaths.blobsRoot());
        assertEquals("/docker/registry/v2/blobs/sha256/ab/" + HEX, StoragePaths.blobDirectory(DIGEST));
        assertEquals("/docker/registry/v2/blobs/sha256/ab/" + HEX + "/data", StoragePaths.blobData(DIGEST));
        assertEquals("/docker/registry/v2/blobs/sha512/ef/" + HEX512 + "/data", StoragePaths.blobData(DIGEST512));
    }

    @Test
    void repositoryAndLayerLinks() {
        assertEquals("/docker/registry/v2/repositories", StoragePaths.repositoriesRoot());
        assertEquals(REPO, StoragePaths.repository(NAME));
        assertEquals(REPO + "/_layers/sha256/" + HEX + "/link", StoragePaths.layerLink(NAME, DIGEST));
        assertEquals(REPO + "/_layers/sha512/" + HEX512 + "/link", StoragePaths.layerLink(NAME, DIGEST512));
    }

    @Test
    void manifestRevisionsAndTags() {
        Tag tag = new Tag("v1.0_rc-1");
        assertEquals(REPO + "/_manifests", StoragePaths.manifestsDirectory(NAME));
        assertEquals(REPO + "/_manifests/revisions/sha256/" + HEX + "/link", StoragePaths.manifestRevisionLink(NAME, DIGEST));
        assertEquals(REPO + "/_manifests/tags", StoragePaths.tagsDirectory(NAME));
        assertEquals(REPO + "/_manifests/tags/v1.0_rc-1", StoragePaths.tagDirectory(NAME, tag));
        assertEquals(REPO + "/_manifests/tags/v1.0_rc-1/current/link", StoragePaths.tagCurrentLink(NAME, tag));
        assertEquals(REPO + "/_manifests/tags/v1.0_rc-1/index/sha256/" + HEX + "/link",
                StoragePaths.tagIndexLink(NAME, tag, DIGEST));
    }

    @Test
    void uploads() {
        UploadId id = new UploadId("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        assertEquals(REPO + "/_uploads", StoragePaths.uploadsDirectory(NAME));
        assertEquals(REPO + "/_uploads/" + id.value(), StoragePaths.uploadDirectory(NAME, id));
        assertEquals(REPO + "/_uploads/" + id.value() + "/data", StoragePaths.uploadData(NAME, id));
        assertEquals(REPO + "/_uploads/" + id.value() + "/startedat", StoragePaths.uploadStartedAt(NAME, id));
    }

    @Test
    void pathsFoundInAWalkOrAListing() {
        UploadId id = new UploadId("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        assertTrue(StoragePaths.isManifestsDirectory(StoragePaths.manifestsDirectory(NAME)));
        assertFalse(StoragePaths.isManifestsDirectory(StoragePaths.uploadsDirectory(NAME)));
        assertFalse(StoragePaths.isManifestsDirectory("/docker/registry/v2/repositories/_manifests"));
        assertEquals("library/ubuntu", StoragePaths.repositoryNameOf(StoragePaths.manifestsDirectory(NAME)));
        assertEquals("alpine", StoragePaths.repositoryNameOf(REPO.replace("library/ubuntu", "alpine") + "/_manifests"));
        assertThrows(IllegalArgumentException.class, () -> StoragePaths.repositoryNameOf(REPO + "/_uploads"));
        assertThrows(IllegalArgumentException.class,
                () -> StoragePaths.repositoryNameOf("/docker/registry/v2/repositories/_manifests"));

        assertTrue(StoragePaths.isUploadsDirectory(StoragePaths.uploadsDirectory(NAME)));
        assertFalse(StoragePaths.isUploadsDirectory(StoragePaths.manifestsDirectory(NAME)));
        assertTrue(StoragePaths.isRepositoryDataDirectory(REPO + "/_layers"));
        assertFalse(StoragePaths.isRepositoryDataDirectory(REPO));

        assertEquals(StoragePaths.uploadStartedAt(NAME, id), StoragePaths.uploadStartedAtIn(StoragePaths.uploadDirectory(NAME, id)));
        assertEquals(StoragePaths.uploadDirectory(NAME, id), StoragePaths.uploadDirectoryOf(StoragePaths.uploadData(NAME, id)));
        assertThrows(IllegalArgumentException.class, () -> StoragePaths.uploadDirectoryOf(StoragePaths.uploadStartedAt(NAME, id)));

        String link = StoragePaths.layerLink(NAME, DIGEST);
        assertEquals(REPO + "/_layers/sha256/" + HEX, StoragePaths.linkDirectory(link));
        assertEquals(link, StoragePaths.linkIn(StoragePaths.linkDirectory(link)));
        assertThrows(IllegalArgumentException.class, () -> StoragePaths.linkDirectory(REPO + "/_layers/sha256/" + HEX));
    }

    @Test
    void singleComponentName() {
        assertEquals("/docker/registry/v2/repositories/alpine/_layers/sha256/" + HEX + "/link",
                StoragePaths.layerLink(new RepositoryName("alpine"), DIGEST));
    }

    @Test
    void lastComponent() {
        assertEquals("latest", StoragePaths.lastComponent(REPO + "/_manifests/tags/latest"));
        assertEquals("x", StoragePaths.lastComponent("x"));
    }
}
