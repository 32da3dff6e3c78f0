package dev.wharf.storage;

import static dev.wharf.storage.TestContent.sha256;
import static dev.wharf.storage.TestContent.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.Tag;
import dev.wharf.domain.UploadId;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.filesystem.FilesystemDriver;
import dev.wharf.storage.driver.inmemory.InMemoryDriver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Run on both drivers: the catalog is a walk, and the drivers' walks are separate code. */
class LocalRepositoryCatalogTest {
    private static final Digest DIGEST = sha256(utf8("a manifest"));

    @TempDir
    Path temp;

    private StorageDriver driver;
    private LocalRepositoryCatalog catalog;

    private void use(String name) throws IOException {
        driver = name.equals("filesystem") ? new FilesystemDriver(temp.resolve("registry")) : new InMemoryDriver();
        catalog = new LocalRepositoryCatalog(driver);
    }

    /** A repository as distribution makes one: a manifest revision and a tag. */
    private void repository(String name) throws IOException {
        RepositoryName repository = new RepositoryName(name);
        driver.putContent(StoragePaths.manifestRevisionLink(repository, DIGEST), utf8(DIGEST.toString()));
        driver.putContent(StoragePaths.tagCurrentLink(repository, new Tag("latest")), utf8(DIGEST.toString()));
        driver.putContent(StoragePaths.layerLink(repository, DIGEST), utf8(DIGEST.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"inmemory", "filesystem"})
    void emptyStore(String driverName) throws IOException {
        use(driverName);
        Page page = catalog.list(null, -1);
        assertEquals(List.of(), page.items());
        assertFalse(page.more());
        assertEquals(List.of(), catalog.list("a", 10).items());
    }

    @ParameterizedTest
    @ValueSource(strings = {"inmemory", "filesystem"})
    void nestedNamesSortLexicallyByFullName(String driverName) throws IOException {
        use(driverName);
        for (String name : List.of("b/c/d", "a-c", "a/b", "a")) {
            repository(name);
        }
        assertEquals(List.of("a", "a-c", "a/b", "b/c/d"), catalog.list(null, -1).items());
    }

    @ParameterizedTest
    @ValueSource(strings = {"inmemory", "filesystem"})
    void onlyDirectoriesWithManifestsAreRepositories(String driverName) throws IOException {
        use(driverName);
        repository("real");
        RepositoryName uploadsOnly = new RepositoryName("uploads/only");
        UploadId id = UploadId.random();
        driver.putContent(StoragePaths.uploadData(uploadsOnly, id), new byte[0]);
        driver.putContent(StoragePaths.uploadStartedAt(uploadsOnly, id), utf8("2024-01-01T00:00:00Z"));
        driver.putContent(StoragePaths.layerLink(new RepositoryName("layers/only"), DIGEST), utf8(DIGEST.toString()));
        assertEquals(List.of("real"), catalog.list(null, -1).items());
    }

    @ParameterizedTest
    @ValueSource(strings = {"inmemory", "filesystem"})
    void repositoryNestedInsideAnother(String driverName) throws IOException {
        use(driverName);
        repository("library/ubuntu");
        repository("library/ubuntu/minimal");
        repository("library");
        assertEquals(List.of("library", "library/ubuntu", "library/ubuntu/minimal"), catalog.list(null, -1).items());
    }

    @ParameterizedTest
    @ValueSource(strings = {"inmemory", "filesystem"})
    void namesWithSeparators(String driverName) throws IOException {
        use(driverName);
        for (String name : List.of("a__b", "a_b", "a.b", "a--b", "a0")) {
            repository(name);
        }
        assertEquals(List.of("a--b", "a.b", "a0", "a__b", "a_b"), catalog.list(null, -1).items());
    }

    @ParameterizedTest
    @ValueSource(strings = {"inmemory", "filesystem"})
    void walkStaysOutOfTheUnderscoreDirectories(String driverName) throws IOException {
        use(driverName);
        repository("library/ubuntu");
        repository("library/ubuntu/minimal");
        UploadId id = UploadId.random();
        driver.putContent(StoragePaths.uploadData(new RepositoryName("library/ubuntu"), id), new byte[0]);
        List<String> visited = new ArrayList<>();
        StorageDriver recording = new WalkRecordingDriver(driver, visited);
        assertEquals(List.of("library/ubuntu", "library/ubuntu/minimal"), new LocalRepositoryCatalog(recording).list(null, -1).items());
        // The bulk of a registry's files lie below _layers, _manifests and _uploads: a catalog
        // request must not visit them.
        for (String path : visited) {
            String relative = path.substring(StoragePaths.repositoriesRoot().length());
            assertFalse(relative.matches(".*/_[a-z]+/.*"), path);
        }
        assertTrue(visited.contains(StoragePaths.manifestsDirectory(new RepositoryName("library/ubuntu"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"inmemory", "filesystem"})
    void paging(String driverName) throws IOException {
        use(driverName);
        for (String name : List.of("a", "a/b", "a-c", "b/c/d", "e")) {
            repository(name);
        }
        Page first = catalog.list(null, 2);
        assertEquals(List.of("a", "a-c"), first.items());
        assertTrue(first.more());
        assertEquals(Optional.of("a-c"), first.nextLast());

        Page second = catalog.list("a-c", 2);
        assertEquals(List.of("a/b", "b/c/d"), second.items());
        assertTrue(second.more());

        Page third = catalog.list("b/c/d", 2);
        assertEquals(List.of("e"), third.items());
        assertFalse(third.more());

        assertEquals(List.of("b/c/d", "e"), catalog.list("a/c", -1).items());
        assertEquals(List.of(), catalog.list("e", 5).items());
        assertEquals(List.of(), catalog.list(null, 0).items());
    }

    /** Delegates to a real driver and records every path its walks visit. */
    private static final class WalkRecordingDriver implements StorageDriver {
        private final StorageDriver delegate;
        private final List<String> visited;

        WalkRecordingDriver(StorageDriver delegate, List<String> visited) {
            this.delegate = delegate;
            this.visited = visited;
        }

        @Override
        public void walk(String path, Visitor visitor) throws IOException {
            delegate.walk(path, info -> {
                visited.add(info.path());
                return visitor.visit(info);
            });
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
        public java.io.InputStream reader(String path, long offset) throws IOException {
            return delegate.reader(path, offset);
        }

        @Override
        public dev.wharf.storage.driver.OpenFile open(String path) throws IOException {
            return delegate.open(path);
        }

        @Override
        public dev.wharf.storage.driver.FileWriter writer(String path, boolean append) throws IOException {
            return delegate.writer(path, append);
        }

        @Override
        public dev.wharf.storage.driver.FileInfo stat(String path) throws IOException {
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
    }
}
