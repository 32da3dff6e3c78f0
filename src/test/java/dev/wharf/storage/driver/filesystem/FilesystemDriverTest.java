package dev.wharf.storage.driver.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.storage.driver.FileWriter;
import dev.wharf.storage.driver.OpenFile;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.StorageDriverContractTest;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class FilesystemDriverTest extends StorageDriverContractTest {

    @TempDir
    Path temp;

    private Path root;

    @Override
    protected StorageDriver newDriver() throws IOException {
        root = temp.resolve("registry");
        return new FilesystemDriver(root);
    }

    @Test
    void filesLieWhereDistributionPutsThem() throws IOException {
        String data = "/docker/registry/v2/blobs/sha256/ab/abcdef/data";
        driver.putContent(data, bytes("blob"));
        assertArrayEquals(
                bytes("blob"), Files.readAllBytes(root.resolve("docker/registry/v2/blobs/sha256/ab/abcdef/data")));

        String upload = "/docker/registry/v2/repositories/library/alpine/_uploads/u-1/data";
        try (FileWriter writer = driver.writer(upload, false)) {
            writer.write(bytes("chunk"), 0, 5);
            writer.commit();
        }
        assertArrayEquals(
                bytes("chunk"),
                Files.readAllBytes(root.resolve("docker/registry/v2/repositories/library/alpine/_uploads/u-1/data")));
    }

    @Test
    void readsADataDirectoryWrittenByAnotherRegistry() throws IOException {
        Path link = root.resolve("docker/registry/v2/repositories/library/alpine/_manifests/tags/3.20/current/link");
        Files.createDirectories(link.getParent());
        Files.write(link, bytes("sha256:0123"));

        String path = "/docker/registry/v2/repositories/library/alpine/_manifests/tags/3.20/current/link";
        assertArrayEquals(bytes("sha256:0123"), driver.getContent(path));
        assertEquals(
                List.of("/docker/registry/v2/repositories/library/alpine/_manifests/tags/3.20"),
                driver.list("/docker/registry/v2/repositories/library/alpine/_manifests/tags"));
        List<String> visited = new ArrayList<>();
        driver.walk("/docker/registry/v2/repositories", info -> visited.add(info.path()));
        assertEquals(path, visited.get(visited.size() - 1));
        assertEquals(7, visited.size());
    }

    @Test
    void putContentLeavesNoScratchFiles() throws IOException {
        for (int i = 0; i < 20; i++) {
            driver.putContent("/a/file", patterned(i, 1000 + i));
        }
        driver.putContent("/dir/child", bytes("x"));
        assertThrows(IOException.class, () -> driver.putContent("/dir", bytes("x"))); // fails after writing scratch
        driver.putContent("/b", bytes("b"));
        driver.move("/b", "/c/d");
        assertEquals(List.of(), scratchFiles());
    }

    @Test
    void aScratchFileLeftByACrashIsInvisibleAndHarmless() throws IOException {
        driver.putContent("/a/file", bytes("committed"));
        Path scratch = root.resolve("a/.tmp-" + UUID.randomUUID());
        Files.write(scratch, bytes("half-writ"));

        assertEquals(List.of("/a/file"), driver.list("/a"));
        List<String> visited = new ArrayList<>();
        driver.walk("/", info -> visited.add(info.path()));
        assertEquals(List.of("/a", "/a/file"), visited);
        assertArrayEquals(bytes("committed"), driver.getContent("/a/file"));

        driver.putContent("/a/file", bytes("again"));
        assertArrayEquals(bytes("again"), driver.getContent("/a/file"));
        assertTrue(Files.exists(scratch));

        driver.delete("/a");
        assertFalse(Files.exists(root.resolve("a")));
    }

    @Test
    void entriesNoPathCanNameAreNotListed() throws IOException {
        Files.createDirectories(root.resolve("lost+found"));
        Files.write(root.resolve("with space"), bytes("x"));
        driver.putContent("/ok", bytes("ok"));

        assertEquals(List.of("/ok"), driver.list("/"));
        List<String> visited = new ArrayList<>();
        driver.walk("/", info -> visited.add(info.path()));
        assertEquals(List.of("/ok"), visited);
    }

    @Test
    void constructorCreatesTheRoot() throws IOException {
        Path fresh = temp.resolve("not/yet/there");
        FilesystemDriver created = new FilesystemDriver(fresh);
        assertTrue(Files.isDirectory(fresh));
        assertEquals(fresh.toRealPath(), created.root());
        assertEquals(List.of(), created.list("/"));
    }

    @Test
    void constructorRefusesAFileAsRoot() throws IOException {
        Path file = temp.resolve("file");
        Files.write(file, bytes("x"));
        assertThrows(IOException.class, () -> new FilesystemDriver(file));
    }

    @Test
    void aSymbolicLinkAsTheRootIsFine() throws IOException {
        Path link = symlink(temp.resolve("root-link"), root);
        FilesystemDriver viaLink = new FilesystemDriver(link);
        viaLink.putContent("/x", bytes("x"));
        assertArrayEquals(bytes("x"), driver.getContent("/x"));
    }

    @Test
    void symbolicLinksInsideTheRootWork() throws IOException {
        driver.putContent("/real/file", bytes("real"));
        symlink(root.resolve("alias"), root.resolve("real"));
        assertArrayEquals(bytes("real"), driver.getContent("/alias/file"));
        try (OpenFile file = driver.open("/alias/file")) {
            assertEquals(4, file.size());
        }
        assertEquals(List.of("/alias/file"), driver.list("/alias"));
        driver.putContent("/alias/new", bytes("new"));
        assertArrayEquals(bytes("new"), driver.getContent("/real/new"));
    }

    @Test
    void symbolicLinksOutOfTheRootAreRefused() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Path secret = Files.write(outside.resolve("secret"), bytes("secret"));
        symlink(root.resolve("evil"), outside);
        symlink(root.resolve("evil-file"), secret);
        driver.putContent("/mine", bytes("mine"));

        refused(() -> driver.getContent("/evil/secret"));
        refused(() -> driver.getContent("/evil-file"));
        refused(() -> driver.reader("/evil/secret", 0).close());
        refused(() -> driver.open("/evil/secret").close());
        refused(() -> driver.open("/evil-file").close());
        refused(() -> driver.stat("/evil"));
        refused(() -> driver.stat("/evil/secret"));
        refused(() -> driver.list("/evil"));
        refused(() -> driver.walk("/evil", info -> true));
        refused(() -> driver.walk("/", info -> true));
        refused(() -> driver.putContent("/evil/planted", bytes("x")));
        refused(() -> driver.putContent("/evil/deeper/planted", bytes("x")));
        refused(() -> driver.writer("/evil/planted", false).close());
        refused(() -> driver.writer("/evil-file", true).close());
        refused(() -> driver.move("/evil/secret", "/stolen"));
        refused(() -> driver.move("/mine", "/evil/planted"));
        refused(() -> driver.delete("/evil/secret"));
        refused(() -> driver.delete("/evil"));

        assertArrayEquals(bytes("secret"), Files.readAllBytes(secret));
        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(List.of(secret), files.toList());
        }
        assertArrayEquals(bytes("mine"), driver.getContent("/mine"));
    }

    @Test
    void danglingSymbolicLinksAreNotWrittenThrough() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        symlink(root.resolve("dangling"), outside.resolve("created-file"));
        symlink(root.resolve("dangling-dir"), outside.resolve("created-dir"));

        refused(() -> driver.putContent("/dangling", bytes("x")));
        refused(() -> driver.writer("/dangling", false).close());
        refused(() -> driver.putContent("/dangling-dir/x", bytes("x")));
        driver.putContent("/src", bytes("src"));
        refused(() -> driver.move("/src", "/dangling-dir/x"));

        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(List.of(), files.toList());
        }
    }

    private static void refused(Executable call) {
        assertThrows(AccessDeniedException.class, call);
    }

    private static Path symlink(Path link, Path target) throws IOException {
        try {
            return Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("cannot create symbolic links here: " + e);
            throw e;
        }
    }

    private List<Path> scratchFiles() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }
}
