package dev.wharf.expiry;

import static dev.wharf.expiry.CachedImages.digest;
import static dev.wharf.expiry.CachedImages.directoryOf;
import static dev.wharf.expiry.CachedImages.repo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.Tag;
import dev.wharf.storage.StoragePaths;
import dev.wharf.storage.driver.FileInfo;
import dev.wharf.storage.driver.FileWriter;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.filesystem.FilesystemDriver;
import dev.wharf.storage.driver.inmemory.InMemoryDriver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageCachedContentTest {
    private static final RepositoryName APP = repo("library/app");
    private static final RepositoryName OTHER = repo("team/other");

    private final MutableClock clock = new MutableClock();
    private final MvStoreCacheIndex index = MvStoreCacheIndex.inMemory();

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void removingAManifestRemovesItsTagsHistoryEntriesAndRevisionButNotItsContent(@TempDir Path root) throws IOException {
        StorageDriver driver = new FilesystemDriver(root);
        CachedImages images = new CachedImages(driver, index, clock);
        Digest config = images.blob(APP, "config", 10);
        Digest layer = images.blob(APP, "layer", 10);
        Digest old = images.image(APP, config, List.of(layer), 100, "1.0", "stable");
        Digest current = images.image(APP, config, List.of(), 100, "2.0");
        // "stable" moves on to the new image; its history still lists the old one.
        images.put(StoragePaths.tagIndexLink(APP, new Tag("stable"), current), current.toString());
        images.put(StoragePaths.tagCurrentLink(APP, new Tag("stable")), current.toString());

        new StorageCachedContent(driver).removeManifest(APP, old);

        assertFalse(images.exists(StoragePaths.tagDirectory(APP, new Tag("1.0"))));
        assertTrue(images.exists(StoragePaths.tagCurrentLink(APP, new Tag("2.0"))));
        assertTrue(images.exists(StoragePaths.tagCurrentLink(APP, new Tag("stable"))));
        assertFalse(images.exists(directoryOf(StoragePaths.tagIndexLink(APP, new Tag("stable"), old))));
        assertTrue(images.exists(StoragePaths.tagIndexLink(APP, new Tag("stable"), current)));
        assertFalse(images.exists(directoryOf(StoragePaths.manifestRevisionLink(APP, old))));
        assertTrue(images.exists(StoragePaths.manifestRevisionLink(APP, current)));
        // Content and layers are blob removal's business.
        assertTrue(images.exists(StoragePaths.blobData(old)));
        assertTrue(images.exists(StoragePaths.layerLink(APP, layer)));
    }

    @Test
    void removingAReferrerRemovesItsEntryUnderTheSubject() throws IOException {
        StorageDriver driver = new InMemoryDriver();
        CachedImages images = new CachedImages(driver, index, clock);
        Digest config = images.blob(APP, "config", 10);
        Digest subject = images.image(APP, config, List.of(), 100, "latest");
        Digest signature = images.referrer(APP, config, subject, 100);
        images.put(StoragePaths.referrerLink(APP, subject, signature), signature.toString());

        new StorageCachedContent(driver).removeManifest(APP, signature);

        assertFalse(images.exists(directoryOf(StoragePaths.referrerLink(APP, subject, signature))));
        assertTrue(images.exists(StoragePaths.manifestRevisionLink(APP, subject)));
    }

    @Test
    void removingABlobRemovesItsLinksInTheGivenRepositoriesThenItsData() throws IOException {
        StorageDriver driver = new InMemoryDriver();
        CachedImages images = new CachedImages(driver, index, clock);
        Digest layer = images.blob(APP, "layer", 10);
        images.blob(OTHER, "layer", 10);
        Digest kept = images.blob(APP, "kept", 10);

        new StorageCachedContent(driver).removeBlob(layer, Set.of(APP, OTHER));

        assertFalse(images.exists(directoryOf(StoragePaths.layerLink(APP, layer))));
        assertFalse(images.exists(directoryOf(StoragePaths.layerLink(OTHER, layer))));
        assertFalse(images.exists(StoragePaths.blobDirectory(layer)));
        assertTrue(images.exists(StoragePaths.layerLink(APP, kept)));
        assertTrue(images.exists(StoragePaths.blobData(kept)));
    }

    @Test
    void removalIsIdempotent() throws IOException {
        StorageDriver driver = new InMemoryDriver();
        CachedImages images = new CachedImages(driver, index, clock);
        Digest layer = images.blob(APP, "layer", 10);
        Digest manifest = images.image(APP, layer, List.of(), 100, "latest");
        StorageCachedContent content = new StorageCachedContent(driver);

        content.removeManifest(APP, manifest);
        content.removeManifest(APP, manifest);
        content.removeBlob(manifest, Set.of());
        content.removeBlob(layer, Set.of(APP));
        content.removeBlob(layer, Set.of(APP));
        // Nothing of this repository or digest was ever stored.
        content.removeManifest(repo("never/seen"), digest("nothing"));
        content.removeBlob(digest("nothing"), Set.of(repo("never/seen")));

        assertFalse(images.exists(StoragePaths.blobDirectory(layer)));
    }

    @Test
    void aFailedDeletionNamesThePath() {
        StorageDriver failing = new RefusingDeletes(new InMemoryDriver());
        CachedImages images = new CachedImages(failing, index, clock);
        Digest layer = images.blob(APP, "layer", 10);

        IOException e = assertThrows(IOException.class,
                () -> new StorageCachedContent(failing).removeBlob(layer, Set.of(APP)));

        assertTrue(e.getMessage().contains(directoryOf(StoragePaths.layerLink(APP, layer))), e.getMessage());
        // Links go before data: the failure on the link left the data in place.
        assertTrue(images.exists(StoragePaths.blobData(layer)));
    }

    @Test
    void linksAreDeletedBeforeData() throws IOException {
        RecordingDeletes recording = new RecordingDeletes(new InMemoryDriver());
        CachedImages images = new CachedImages(recording, index, clock);
        Digest layer = images.blob(APP, "layer", 10);

        new StorageCachedContent(recording).removeBlob(layer, Set.of(APP));

        assertEquals(List.of(directoryOf(StoragePaths.layerLink(APP, layer)), StoragePaths.blobDirectory(layer)),
                recording.deleted);
    }

    /** A driver whose deletes fail, as a read-only or failing disk would. */
    static class RefusingDeletes extends Delegating {
        RefusingDeletes(StorageDriver delegate) {
            super(delegate);
        }

        @Override
        public void delete(String path) throws IOException {
            throw new IOException("read-only file system");
        }
    }

    /** A driver that remembers the order of deletes. */
    static final class RecordingDeletes extends Delegating {
        final List<String> deleted = new ArrayList<>();

        RecordingDeletes(StorageDriver delegate) {
            super(delegate);
        }

        @Override
        public void delete(String path) throws IOException {
            deleted.add(path);
            super.delete(path);
        }
    }

    /** Forwards everything; subclasses change one method. */
    static class Delegating implements StorageDriver {
        private final StorageDriver delegate;

        Delegating(StorageDriver delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public byte[] getContent(String path) throws IOException {
            return delegate.getContent(path);
        }

        @Override
        public void putContent(String path, byte[] content) throws IOException {
            delegate.putContent(path, content);
        }

        @Override
        public InputStream reader(String path, long offset) throws IOException {
            return delegate.reader(path, offset);
        }

        @Override
        public dev.wharf.storage.driver.OpenFile open(String path) throws IOException {
            return delegate.open(path);
        }

        @Override
        public FileWriter writer(String path, boolean append) throws IOException {
            return delegate.writer(path, append);
        }

        @Override
        public FileInfo stat(String path) throws IOException {
            return delegate.stat(path);
        }

        @Override
        public List<String> list(String path) throws IOException {
            return delegate.list(path);
        }

        @Override
        public void move(String source, String destination) throws IOException {
            delegate.move(source, destination);
        }

        @Override
        public void delete(String path) throws IOException {
            delegate.delete(path);
        }

        @Override
        public void walk(String path, Visitor visitor) throws IOException {
            delegate.walk(path, visitor);
        }
    }
}
