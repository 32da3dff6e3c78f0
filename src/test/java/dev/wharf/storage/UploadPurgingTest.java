package dev.wharf.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wharf.error.RegistryException;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.UploadId;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.inmemory.InMemoryDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** distribution's upload purging: abandoned uploads go, recent ones and their data stay. */
class UploadPurgingTest {
    private final StorageDriver driver = new InMemoryDriver();
    private final BlobStore blobs = new BlobStore(driver);
    private final LocalRepositoryBlobStore repositoryBlobs = new LocalRepositoryBlobStore(driver, blobs, false);
    private final LocalUploadStore uploads = new LocalUploadStore(driver, blobs, repositoryBlobs);
    private final RepositoryName repo = RepositoryName.parse("team/app");
    private final RepositoryName nested = RepositoryName.parse("team/app/sub");

    private UploadId startedAt(RepositoryName repository, Instant when) throws IOException {
        UploadId id = uploads.start(repository).id();
        driver.putContent(StoragePaths.uploadStartedAt(repository, id), when.toString().getBytes(StandardCharsets.UTF_8));
        return id;
    }

    @Test
    void removesOnlyUploadsStartedBeforeTheCutoff() throws IOException {
        Instant now = Instant.now();
        UploadId old = startedAt(repo, now.minus(Duration.ofDays(8)));
        UploadId oldNested = startedAt(nested, now.minus(Duration.ofDays(30)));
        UploadId recent = startedAt(repo, now.minus(Duration.ofHours(1)));

        assertEquals(2, uploads.purgeStartedBefore(now.minus(Duration.ofDays(7)), false));

        assertThrows(RegistryException.class, () -> uploads.status(repo, old));
        assertThrows(RegistryException.class, () -> uploads.status(nested, oldNested));
        assertEquals(0, uploads.status(repo, recent).size());
    }

    @Test
    void dryRunCountsButKeeps() throws IOException {
        UploadId old = startedAt(repo, Instant.now().minus(Duration.ofDays(8)));
        assertEquals(1, uploads.purgeStartedBefore(Instant.now().minus(Duration.ofDays(7)), true));
        assertEquals(0, uploads.status(repo, old).size());
    }

    @Test
    void readsDistributionsTimestampsWithOffsets() throws IOException {
        UploadId id = uploads.start(repo).id();
        driver.putContent(StoragePaths.uploadStartedAt(repo, id), "2020-01-02T03:04:05+01:00".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, uploads.purgeStartedBefore(Instant.now(), false));
    }

    @Test
    void emptyStoreHasNothingToPurge() throws IOException {
        assertEquals(0, uploads.purgeStartedBefore(Instant.now(), false));
    }
}
