package dev.wharf.storage.driver;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link StorageDriver} must do, after distribution's {@code
 * registry/storage/driver/testsuites/testsuites.go}. A driver's test extends this class and says
 * how to make a fresh, empty driver.
 */
public abstract class StorageDriverContractTest {

    /** A fresh driver with nothing in it. Called before every test. */
    protected abstract StorageDriver newDriver() throws IOException;

    protected StorageDriver driver;

    @BeforeEach
    void createDriver() throws IOException {
        driver = newDriver();
    }

    @AfterEach
    void rootStillListable() throws IOException {
        // Whatever a test did, the root must still be there.
        driver.list("/");
    }

    // ---- names and paths ----

    @Test
    void hasAName() {
        assertFalse(driver.name().isBlank());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/a",
                "/2",
                "/a.a",
                "/0-9/abcdefg",
                "/abc/1.2.3.4.5-6_zyx/123.z/4",
                "/docker/registry/v2/blobs/sha256/ab/abcdef0123/data",
                "/abc./abc",
                "/.abc",
                "/...",
                "/..a",
                "/a..",
                "/a--b",
                "/_.abc",
                "/.tmp",
                "/tmp-x",
                "/Docker/Docker-Registry"
            })
    void acceptsValidPaths(String path) throws IOException {
        byte[] content = bytes("valid " + path);
        driver.putContent(path, content);
        assertArrayEquals(content, driver.getContent(path));
        assertEquals(path, driver.stat(path).path());
    }

    static Stream<String> invalidPaths() {
        return Stream.of(
                "",
                "relative",
                "123.abc",
                "/a/../b",
                "/a//b",
                "//b",
                "/a/",
                "/a/b c",
                "/../etc/passwd",
                "/..",
                "/.",
                "/a/./b",
                "/a/.",
                "/a\\b",
                "/a:b",
                "/a\u0000b",
                "/\u00e4",
                "/a/.tmp-0123",
                "/.tmp-x/b");
    }

    @ParameterizedTest
    @MethodSource("invalidPaths")
    void rejectsInvalidPathsInEveryMethod(String path) throws IOException {
        driver.putContent("/valid/file", bytes("kept"));

        assertInvalid(() -> driver.getContent(path));
        assertInvalid(() -> driver.putContent(path, bytes("x")));
        assertInvalid(() -> driver.reader(path, 0));
        assertInvalid(() -> driver.open(path).close());
        assertInvalid(() -> driver.writer(path, false).close());
        assertInvalid(() -> driver.writer(path, true).close());
        assertInvalid(() -> driver.stat(path));
        assertInvalid(() -> driver.list(path));
        assertInvalid(() -> driver.move(path, "/valid/other"));
        assertInvalid(() -> driver.move("/valid/file", path));
        assertInvalid(() -> driver.delete(path));
        assertInvalid(() -> driver.walk(path, info -> true));

        // Nothing happened: the source of the refused move is still there, nothing else is.
        assertEquals(List.of("/valid"), driver.list("/"));
        assertEquals(List.of("/valid/file"), driver.list("/valid"));
        assertArrayEquals(bytes("kept"), driver.getContent("/valid/file"));
    }

    @Test
    void rootIsOnlyForStatListAndWalk() throws IOException {
        driver.putContent("/a", bytes("a"));

        assertInvalid(() -> driver.getContent("/"));
        assertInvalid(() -> driver.putContent("/", bytes("x")));
        assertInvalid(() -> driver.reader("/", 0));
        assertInvalid(() -> driver.open("/").close());
        assertInvalid(() -> driver.writer("/", false).close());
        assertInvalid(() -> driver.move("/", "/b"));
        assertInvalid(() -> driver.move("/a", "/"));
        assertInvalid(() -> driver.delete("/"));

        assertTrue(driver.stat("/").directory());
        assertEquals(List.of("/a"), driver.list("/"));
        assertArrayEquals(bytes("a"), driver.getContent("/a"));
    }

    @Test
    void emptyRootCanBeStattedListedAndWalked() throws IOException {
        FileInfo root = driver.stat("/");
        assertEquals("/", root.path());
        assertTrue(root.directory());
        assertEquals(0, root.size());
        assertEquals(List.of(), driver.list("/"));
        driver.walk("/", info -> fail("visited " + info));
    }

    // ---- getContent / putContent ----

    @Test
    void putThenGetRoundTrips() throws IOException {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        driver.putContent("/binary", all);
        assertArrayEquals(all, driver.getContent("/binary"));

        driver.putContent("/empty", new byte[0]);
        assertArrayEquals(new byte[0], driver.getContent("/empty"));
        assertEquals(0, driver.stat("/empty").size());

        byte[] notUtf8 = {(byte) 0x80, (byte) 0x80, (byte) 0xc3, (byte) 0x9f};
        driver.putContent("/not-utf8", notUtf8);
        assertArrayEquals(notUtf8, driver.getContent("/not-utf8"));
    }

    @Test
    void putContentOverwritesAndTruncates() throws IOException {
        driver.putContent("/a/file", patterned(0, 100_000));
        driver.putContent("/a/file", bytes("short"));
        assertArrayEquals(bytes("short"), driver.getContent("/a/file"));
        assertEquals(5, driver.stat("/a/file").size());

        driver.putContent("/a/file", patterned(7, 3000));
        assertArrayEquals(patterned(7, 3000), driver.getContent("/a/file"));
    }

    @Test
    void putContentCreatesParentDirectories() throws IOException {
        driver.putContent("/a/b/c/d", bytes("deep"));
        for (String directory : List.of("/a", "/a/b", "/a/b/c")) {
            assertTrue(driver.stat(directory).directory(), directory);
        }
    }

    @Test
    void contentIsCopiedInAndOut() throws IOException {
        byte[] given = bytes("original");
        driver.putContent("/copy", given);
        given[0] = 'X';
        byte[] got = driver.getContent("/copy");
        got[1] = 'Y';
        assertArrayEquals(bytes("original"), driver.getContent("/copy"));
    }

    @Test
    void putContentOntoADirectoryFailsAndKeepsIt() throws IOException {
        driver.putContent("/dir/child", bytes("child"));
        IOException e = assertThrows(IOException.class, () -> driver.putContent("/dir", bytes("x")));
        assertNotPathNotFound(e);
        assertTrue(driver.stat("/dir").directory());
        assertArrayEquals(bytes("child"), driver.getContent("/dir/child"));
    }

    @Test
    void putContentBelowAFileFails() throws IOException {
        driver.putContent("/file", bytes("file"));
        IOException e = assertThrows(IOException.class, () -> driver.putContent("/file/child", bytes("x")));
        assertNotPathNotFound(e);
        assertArrayEquals(bytes("file"), driver.getContent("/file"));
    }

    // ---- missing paths ----

    @Test
    void missingPathsAreNotFoundInEveryMethod() throws IOException {
        driver.putContent("/present/file", bytes("x"));
        for (String missing : List.of("/missing", "/present/missing", "/missing/deeper/still")) {
            assertNotFound(missing, () -> driver.getContent(missing));
            assertNotFound(missing, () -> driver.reader(missing, 0));
            assertNotFound(missing, () -> driver.reader(missing, 64));
            assertNotFound(missing, () -> driver.open(missing).close());
            assertNotFound(missing, () -> driver.stat(missing));
            assertNotFound(missing, () -> driver.list(missing));
            assertNotFound(missing, () -> driver.delete(missing));
            assertNotFound(missing, () -> driver.move(missing, "/present/target"));
            assertNotFound(missing, () -> driver.walk(missing, info -> true));
        }
        assertNotFound("/present/target", () -> driver.stat("/present/target"));
    }

    @Test
    void pathsBelowAFileAreNotFound() throws IOException {
        driver.putContent("/file", bytes("x"));
        String below = "/file/child";
        assertNotFound(below, () -> driver.getContent(below));
        assertNotFound(below, () -> driver.reader(below, 0));
        assertNotFound(below, () -> driver.open(below).close());
        assertNotFound(below, () -> driver.stat(below));
        assertNotFound(below, () -> driver.list(below));
        assertNotFound(below, () -> driver.delete(below));
        assertNotFound(below, () -> driver.move(below, "/elsewhere"));
        assertNotFound(below, () -> driver.walk(below, info -> true));
    }

    @Test
    void directoriesAreNotFilesAndFilesAreNotDirectories() throws IOException {
        driver.putContent("/dir/file", bytes("x"));
        assertNotFound("/dir", () -> driver.getContent("/dir"));
        assertNotFound("/dir", () -> driver.reader("/dir", 0));
        assertNotFound("/dir", () -> driver.open("/dir").close());
        assertNotFound("/dir", () -> driver.move("/dir", "/moved"));
        assertNotFound("/dir/file", () -> driver.list("/dir/file"));
        assertNotFound("/dir/file", () -> driver.walk("/dir/file", info -> true));
        assertTrue(driver.stat("/dir").directory());
        assertNotFound("/moved", () -> driver.stat("/moved"));
    }

    // ---- reader ----

    @Test
    void readerStartsAtTheOffset() throws IOException {
        byte[] content = patterned(3, 96);
        driver.putContent("/r", content);

        assertArrayEquals(content, readAll(driver.reader("/r", 0)));
        assertArrayEquals(Arrays.copyOfRange(content, 32, 96), readAll(driver.reader("/r", 32)));
        assertArrayEquals(Arrays.copyOfRange(content, 95, 96), readAll(driver.reader("/r", 95)));
        assertArrayEquals(new byte[0], readAll(driver.reader("/r", 96)));
        assertArrayEquals(new byte[0], readAll(driver.reader("/r", 1000)));
        assertArrayEquals(new byte[0], readAll(driver.reader("/r", Long.MAX_VALUE)));
    }

    @Test
    void readerAtTheEndReadsEndOfStream() throws IOException {
        driver.putContent("/r", patterned(0, 10));
        try (InputStream in = driver.reader("/r", 10)) {
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[8]));
        }
        try (InputStream in = driver.reader("/r", 9)) {
            byte[] buffer = new byte[8];
            assertEquals(1, in.read(buffer));
            assertEquals(patterned(0, 10)[9], buffer[0]);
            assertEquals(-1, in.read(buffer));
        }
    }

    @Test
    void readerRefusesANegativeOffset() throws IOException {
        driver.putContent("/r", bytes("x"));
        assertThrows(IllegalArgumentException.class, () -> driver.reader("/r", -1));
    }

    @Test
    void readerOfAnEmptyFileIsEmpty() throws IOException {
        driver.putContent("/empty", new byte[0]);
        assertArrayEquals(new byte[0], readAll(driver.reader("/empty", 0)));
    }

    @Test
    void readerKeepsTheContentItOpenedWhenTheFileIsReplaced() throws IOException {
        byte[] old = patterned(1, 50_000);
        driver.putContent("/r", old);
        try (InputStream in = driver.reader("/r", 0)) {
            byte[] head = in.readNBytes(10);
            driver.putContent("/r", bytes("new"));
            byte[] rest = in.readAllBytes();
            byte[] seen = new byte[head.length + rest.length];
            System.arraycopy(head, 0, seen, 0, head.length);
            System.arraycopy(rest, 0, seen, head.length, rest.length);
            assertArrayEquals(old, seen);
        }
        assertArrayEquals(bytes("new"), driver.getContent("/r"));
    }

    // ---- open ----

    @Test
    void openTellsTheSizeAndStreamsFromTheOffset() throws IOException {
        byte[] content = patterned(5, 96);
        driver.putContent("/o", content);
        for (int offset : new int[] {0, 32, 95, 96, 1000}) {
            try (OpenFile file = driver.open("/o")) {
                assertEquals("/o", file.path());
                assertEquals(96, file.size());
                byte[] expected = Arrays.copyOfRange(content, Math.min(offset, 96), 96);
                assertArrayEquals(expected, readAll(file.stream(offset)), "from " + offset);
            }
        }
        try (OpenFile file = driver.open("/o")) {
            assertArrayEquals(new byte[0], readAll(file.stream(Long.MAX_VALUE)));
        }
    }

    @Test
    void openOfAnEmptyFile() throws IOException {
        driver.putContent("/empty", new byte[0]);
        try (OpenFile file = driver.open("/empty")) {
            assertEquals(0, file.size());
            assertArrayEquals(new byte[0], readAll(file.stream(0)));
        }
    }

    @Test
    void openSizeIsWhatStatSays() throws IOException {
        try (FileWriter writer = driver.writer("/grown", false)) {
            writer.write(patterned(0, 70_000), 0, 70_000);
            writer.commit();
        }
        try (OpenFile file = driver.open("/grown")) {
            assertEquals(driver.stat("/grown").size(), file.size());
            assertEquals(70_000, file.size());
        }
    }

    @Test
    void openKeepsTheSizeAndContentItOpenedWhenTheFileIsReplaced() throws IOException {
        byte[] old = patterned(2, 50_000);
        driver.putContent("/o", old);
        try (OpenFile file = driver.open("/o")) {
            driver.putContent("/o", bytes("new"));
            assertEquals(old.length, file.size());
            assertArrayEquals(old, readAll(file.stream(0)));
        }
        try (OpenFile file = driver.open("/o")) {
            assertEquals(3, file.size());
        }
    }

    @Test
    void openStreamsOnceAndNotAfterClose() throws IOException {
        driver.putContent("/o", bytes("once"));
        OpenFile file = driver.open("/o");
        assertThrows(IllegalArgumentException.class, () -> file.stream(-1));
        try (InputStream in = file.stream(1)) {
            assertThrows(IllegalStateException.class, () -> file.stream(0));
            assertArrayEquals(bytes("nce"), in.readAllBytes());
        }
        file.close();
        file.close();

        OpenFile closed = driver.open("/o");
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.stream(0));
    }

    @Test
    void closingTheOpenFileEndsItsStream() throws IOException {
        driver.putContent("/o", patterned(0, 200_000));
        OpenFile file = driver.open("/o");
        InputStream in = file.stream(0);
        assertEquals(patterned(0, 1)[0], (byte) in.read());
        file.close();
        // A stream may have buffered some bytes; reading on past them must fail.
        assertThrows(IOException.class, in::readAllBytes);
    }

    @Test
    void openFileNeverStreamedCanBeClosedAndTheFileDeleted() throws IOException {
        driver.putContent("/o", bytes("x"));
        driver.open("/o").close();
        driver.delete("/o");
        assertNotFound("/o", () -> driver.open("/o").close());
    }

    // ---- writer ----

    @Test
    void writerWritesCommitsAndReadsBack() throws IOException {
        try (FileWriter writer = driver.writer("/w/file", false)) {
            assertEquals(0, writer.size());
            writer.write(bytes("hello, "), 0, 7);
            writer.write(bytes("xxworldxx"), 2, 5);
            assertEquals(12, writer.size());
            writer.commit();
            assertEquals(12, writer.size());
        }
        assertArrayEquals(bytes("hello, world"), driver.getContent("/w/file"));
        assertEquals(12, driver.stat("/w/file").size());
        assertTrue(driver.stat("/w").directory());
    }

    @Test
    void writerAsOutputStream() throws IOException {
        try (FileWriter writer = driver.writer("/w", false)) {
            OutputStream out = writer.asOutputStream();
            out.write('a');
            out.write(bytes("bcd"));
            out.close(); // does not close the writer
            writer.write(bytes("e"), 0, 1);
            writer.commit();
        }
        assertArrayEquals(bytes("abcde"), driver.getContent("/w"));
    }

    @Test
    void appendingWriterContinuesWhereTheLastStopped() throws IOException {
        // A chunked upload: each request opens, writes and closes without committing.
        FileWriter first = driver.writer("/upload/data", false);
        first.write(bytes("chunk1-"), 0, 7);
        first.close();
        assertEquals(7, first.size());
        assertArrayEquals(bytes("chunk1-"), driver.getContent("/upload/data"));

        FileWriter second = driver.writer("/upload/data", true);
        assertEquals(7, second.size());
        second.write(bytes("chunk2-"), 0, 7);
        assertEquals(14, second.size());
        second.close();

        try (FileWriter third = driver.writer("/upload/data", true)) {
            assertEquals(14, third.size());
            third.write(bytes("chunk3"), 0, 6);
            third.commit();
            assertEquals(20, third.size());
        }
        assertArrayEquals(bytes("chunk1-chunk2-chunk3"), driver.getContent("/upload/data"));
    }

    @Test
    void appendingWriterCreatesAMissingFile() throws IOException {
        try (FileWriter writer = driver.writer("/new/file", true)) {
            assertEquals(0, writer.size());
            writer.write(bytes("abc"), 0, 3);
            writer.commit();
        }
        assertArrayEquals(bytes("abc"), driver.getContent("/new/file"));
    }

    @Test
    void appendingToAPutFileWorks() throws IOException {
        driver.putContent("/p", bytes("put"));
        try (FileWriter writer = driver.writer("/p", true)) {
            assertEquals(3, writer.size());
            writer.write(bytes("+more"), 0, 5);
            writer.commit();
        }
        assertArrayEquals(bytes("put+more"), driver.getContent("/p"));

        driver.putContent("/e", new byte[0]);
        try (FileWriter writer = driver.writer("/e", true)) {
            writer.write(bytes("x"), 0, 1);
            writer.commit();
        }
        assertArrayEquals(bytes("x"), driver.getContent("/e"));
    }

    @Test
    void truncatingWriterStartsOver() throws IOException {
        driver.putContent("/t", patterned(0, 10_000));
        try (FileWriter writer = driver.writer("/t", false)) {
            assertEquals(0, writer.size());
            writer.write(bytes("new"), 0, 3);
            writer.commit();
        }
        assertArrayEquals(bytes("new"), driver.getContent("/t"));
    }

    @Test
    void cancelRemovesTheFile() throws IOException {
        try (FileWriter writer = driver.writer("/c/file", false)) {
            writer.write(bytes("doomed"), 0, 6);
            writer.cancel();
        }
        assertNotFound("/c/file", () -> driver.stat("/c/file"));
        assertNotFound("/c/file", () -> driver.getContent("/c/file"));

        driver.putContent("/c/appended", bytes("before"));
        try (FileWriter writer = driver.writer("/c/appended", true)) {
            writer.write(bytes("after"), 0, 5);
            writer.cancel();
        }
        assertNotFound("/c/appended", () -> driver.stat("/c/appended"));
    }

    @Test
    void closeWithoutCommitKeepsTheBytes() throws IOException {
        FileWriter writer = driver.writer("/k", false);
        writer.write(bytes("kept"), 0, 4);
        writer.close();
        writer.close(); // idempotent
        assertArrayEquals(bytes("kept"), driver.getContent("/k"));
        assertEquals(4, driver.stat("/k").size());
    }

    @Test
    void writerRefusesUseAfterCommitCancelOrClose() throws IOException {
        FileWriter committed = driver.writer("/s1", false);
        committed.commit();
        assertThrows(IOException.class, () -> committed.write(bytes("x"), 0, 1));
        assertThrows(IOException.class, committed::commit);
        assertThrows(IOException.class, committed::cancel);
        committed.close();
        committed.close();
        assertEquals(0, driver.stat("/s1").size());

        FileWriter cancelled = driver.writer("/s2", false);
        cancelled.cancel();
        assertThrows(IOException.class, () -> cancelled.write(bytes("x"), 0, 1));
        assertThrows(IOException.class, cancelled::commit);
        assertThrows(IOException.class, cancelled::cancel);
        cancelled.close();

        FileWriter closed = driver.writer("/s3", false);
        closed.close();
        assertThrows(IOException.class, () -> closed.write(bytes("x"), 0, 1));
        assertThrows(IOException.class, closed::commit);
        assertThrows(IOException.class, closed::cancel);
        assertEquals(0, driver.stat("/s3").size());
    }

    @Test
    void writerChecksItsArguments() throws IOException {
        try (FileWriter writer = driver.writer("/args", false)) {
            assertThrows(IndexOutOfBoundsException.class, () -> writer.write(new byte[4], 3, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> writer.write(new byte[4], -1, 1));
            writer.write(new byte[4], 4, 0);
            assertEquals(0, writer.size());
        }
    }

    @Test
    void writerOntoADirectoryFails() throws IOException {
        driver.putContent("/dir/child", bytes("x"));
        for (boolean append : new boolean[] {false, true}) {
            IOException e = assertThrows(IOException.class, () -> driver.writer("/dir", append).close());
            assertNotPathNotFound(e);
        }
        assertArrayEquals(bytes("x"), driver.getContent("/dir/child"));
    }

    @Test
    void writtenBytesAreReadableBeforeCommit() throws IOException {
        // Not promised by the contract (object storage could not), but both local drivers do it,
        // and a spool read while it grows relies on it; a driver that cannot overrides this test.
        try (FileWriter writer = driver.writer("/spool", false)) {
            writer.write(bytes("first"), 0, 5);
            try (InputStream in = driver.reader("/spool", 0)) {
                assertArrayEquals(bytes("first"), in.readAllBytes());
                writer.write(bytes("second"), 0, 6);
                assertArrayEquals(bytes("second"), in.readAllBytes());
            }
            writer.commit();
        }
    }

    @Test
    void largeContentStreamsThroughAppendingWritersAndBackAtAnyOffset() throws IOException {
        long size = 8L * 1024 * 1024 + 17;
        long[] stops = {3 * 1024 * 1024 + 5, 6 * 1024 * 1024 - 11, size};
        byte[] buffer = new byte[7919]; // prime, so writes straddle every chunk boundary there is
        MessageDigest written = sha256();
        long position = 0;
        for (int session = 0; session < stops.length; session++) {
            try (FileWriter writer = driver.writer("/large/data", session > 0)) {
                assertEquals(position, writer.size());
                while (position < stops[session]) {
                    int n = (int) Math.min(buffer.length, stops[session] - position);
                    fillPatterned(buffer, position, n);
                    writer.write(buffer, 0, n);
                    written.update(buffer, 0, n);
                    position += n;
                }
                assertEquals(position, writer.size());
                if (session == stops.length - 1) {
                    writer.commit();
                }
            }
        }
        assertEquals(size, driver.stat("/large/data").size());

        MessageDigest read = sha256();
        long count = 0;
        try (InputStream in = driver.reader("/large/data", 0)) {
            byte[] chunk = new byte[65_537];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                read.update(chunk, 0, n);
                count += n;
            }
        }
        assertEquals(size, count);
        assertArrayEquals(written.digest(), read.digest());

        for (long offset : new long[] {1, 4096, 1024 * 1024 - 1, 5L * 1024 * 1024 + 3, size - 1}) {
            try (InputStream in = driver.reader("/large/data", offset)) {
                byte[] got = in.readNBytes(10_000);
                int expected = (int) Math.min(10_000, size - offset);
                assertEquals(expected, got.length, "bytes from " + offset);
                byte[] want = new byte[expected];
                fillPatterned(want, offset, expected);
                assertArrayEquals(want, got, "bytes from " + offset);
            }
        }
    }

    // ---- list ----

    @Test
    void listIsSortedAndNotRecursive() throws IOException {
        for (String path : List.of("/l/b/x", "/l/a", "/l/c-d", "/l/c/e", "/l/B", "/l/c.d/f", "/l/b/y/z")) {
            driver.putContent(path, bytes(path));
        }
        assertEquals(List.of("/l/B", "/l/a", "/l/b", "/l/c", "/l/c-d", "/l/c.d"), driver.list("/l"));
        assertEquals(List.of("/l/b/x", "/l/b/y"), driver.list("/l/b"));
        assertEquals(List.of("/l"), driver.list("/"));
    }

    @Test
    void listOfAFilesParent() throws IOException {
        driver.putContent("/docker/registry/v2/repositories/lib/x/_layers/link", bytes("sha256:..."));
        assertEquals(
                List.of("/docker/registry/v2/repositories/lib/x/_layers/link"),
                driver.list("/docker/registry/v2/repositories/lib/x/_layers"));
    }

    @Test
    void listOfManyChildren() throws IOException {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String path = "/many/" + Integer.toString(i * 7919 % 1000, 36);
            driver.putContent(path, bytes(path));
            expected.add(path);
        }
        expected.sort(null);
        assertEquals(expected, driver.list("/many"));
    }

    // ---- move ----

    @Test
    void moveReplacesTheDestinationAndRemovesTheSource() throws IOException {
        driver.putContent("/src/file", bytes("source"));
        driver.putContent("/dst/file", bytes("old destination, longer than the source"));

        driver.move("/src/file", "/dst/file");

        assertArrayEquals(bytes("source"), driver.getContent("/dst/file"));
        assertNotFound("/src/file", () -> driver.stat("/src/file"));
        assertNotFound("/src/file", () -> driver.getContent("/src/file"));
    }

    @Test
    void moveCreatesParentDirectories() throws IOException {
        driver.putContent("/uploads/u1/data", patterned(9, 5000));
        driver.move("/uploads/u1/data", "/blobs/sha256/ab/abcd/data");
        assertArrayEquals(patterned(9, 5000), driver.getContent("/blobs/sha256/ab/abcd/data"));
        assertTrue(driver.stat("/blobs/sha256/ab").directory());
        assertNotFound("/uploads/u1/data", () -> driver.getContent("/uploads/u1/data"));
    }

    @Test
    void moveOntoItselfKeepsTheFile() throws IOException {
        driver.putContent("/same", bytes("same"));
        driver.move("/same", "/same");
        assertArrayEquals(bytes("same"), driver.getContent("/same"));
    }

    @Test
    void moveOntoADirectoryFailsAndKeepsBoth() throws IOException {
        driver.putContent("/file", bytes("file"));
        driver.putContent("/dir/child", bytes("child"));
        IOException e = assertThrows(IOException.class, () -> driver.move("/file", "/dir"));
        assertNotPathNotFound(e);
        assertArrayEquals(bytes("file"), driver.getContent("/file"));
        assertArrayEquals(bytes("child"), driver.getContent("/dir/child"));
    }

    @Test
    void moveOfAMissingSourceLeavesTheDestination() throws IOException {
        driver.putContent("/dst", bytes("dst"));
        assertNotFound("/nothing", () -> driver.move("/nothing", "/dst"));
        assertArrayEquals(bytes("dst"), driver.getContent("/dst"));
    }

    // ---- delete ----

    @Test
    void deleteRemovesAFile() throws IOException {
        driver.putContent("/d/file", bytes("x"));
        driver.putContent("/d/other", bytes("y"));
        driver.delete("/d/file");
        assertNotFound("/d/file", () -> driver.getContent("/d/file"));
        assertNotFound("/d/file", () -> driver.delete("/d/file"));
        assertEquals(List.of("/d/other"), driver.list("/d"));
    }

    @Test
    void deleteRemovesADirectorySubtree() throws IOException {
        for (String path : List.of("/tree/a", "/tree/b/c", "/tree/b/d/e", "/tree/b/d/f", "/keep/g")) {
            driver.putContent(path, bytes(path));
        }
        driver.delete("/tree/b");
        assertEquals(List.of("/tree/a"), driver.list("/tree"));
        for (String gone : List.of("/tree/b", "/tree/b/c", "/tree/b/d", "/tree/b/d/e")) {
            assertNotFound(gone, () -> driver.stat(gone));
        }

        driver.delete("/tree");
        assertNotFound("/tree", () -> driver.stat("/tree"));
        assertEquals(List.of("/keep"), driver.list("/"));
    }

    @Test
    void deleteOnlyDeletesSubpathsNotSiblingsWithTheSamePrefix() throws IOException {
        for (String path : List.of("/p/ab/x", "/p/abc/x", "/p/ab-c", "/p/ab.c/x", "/p/a")) {
            driver.putContent(path, bytes(path));
        }
        driver.delete("/p/ab");
        assertEquals(List.of("/p/a", "/p/ab-c", "/p/ab.c", "/p/abc"), driver.list("/p"));
        assertArrayEquals(bytes("/p/abc/x"), driver.getContent("/p/abc/x"));
    }

    // ---- walk ----

    @Test
    void walkIsDepthFirstLexicalWithDirectoriesFirst() throws IOException {
        for (String path : List.of("/w/b-c", "/w/b/d", "/w/a", "/w/b/c/e", "/w/b.x", "/w/c")) {
            driver.putContent(path, bytes(path));
        }
        List<String> visited = new ArrayList<>();
        driver.walk("/w", info -> visited.add(info.path()));
        assertEquals(
                List.of("/w/a", "/w/b", "/w/b/c", "/w/b/c/e", "/w/b/d", "/w/b-c", "/w/b.x", "/w/c"),
                visited);
    }

    @Test
    void walkSkipsTheChildrenOfADirectoryItsVisitorDeclines() throws IOException {
        for (String path : List.of("/w/a/x", "/w/b/y", "/w/b/z/q", "/w/c/w", "/w/d")) {
            driver.putContent(path, bytes(path));
        }
        List<String> visited = new ArrayList<>();
        driver.walk("/w", info -> {
            visited.add(info.path());
            // false for a file is ignored; false for /w/b skips its subtree
            return !info.path().equals("/w/b") && !info.path().equals("/w/a/x");
        });
        assertEquals(List.of("/w/a", "/w/a/x", "/w/b", "/w/c", "/w/c/w", "/w/d"), visited);
    }

    @Test
    void walkReportsWhatStatReports() throws IOException {
        driver.putContent("/w/dir/file", patterned(0, 1234));
        driver.putContent("/w/top", bytes("top"));
        List<FileInfo> infos = new ArrayList<>();
        driver.walk("/w", info -> infos.add(info));
        assertEquals(3, infos.size());
        for (FileInfo info : infos) {
            FileInfo stat = driver.stat(info.path());
            assertEquals(stat.directory(), info.directory(), info.path());
            assertEquals(stat.size(), info.size(), info.path());
        }
        assertTrue(infos.get(0).directory());
        assertEquals(1234, infos.get(1).size());
        assertFalse(infos.get(1).directory());
        assertEquals(3, infos.get(2).size());
    }

    @Test
    void walkFromTheRoot() throws IOException {
        driver.putContent("/x/y", bytes("y"));
        driver.putContent("/z", bytes("z"));
        List<String> visited = new ArrayList<>();
        driver.walk("/", info -> visited.add(info.path()));
        assertEquals(List.of("/x", "/x/y", "/z"), visited);
    }

    @Test
    void walkPassesOnTheVisitorsException() throws IOException {
        driver.putContent("/w/a", bytes("a"));
        IOException thrown = new IOException("from the visitor");
        IOException caught = assertThrows(IOException.class, () -> driver.walk("/w", info -> {
            throw thrown;
        }));
        assertSame(thrown, caught);
    }

    @Test
    void walkVisitorMayChangeTheTree() throws IOException {
        for (String path : List.of("/w/a/1", "/w/b/2", "/w/c/3")) {
            driver.putContent(path, bytes(path));
        }
        List<String> visited = new ArrayList<>();
        // Deleting a directory as it is visited (what a garbage collector might do) must neither
        // deadlock nor fail the walk.
        driver.walk("/w", info -> {
            visited.add(info.path());
            if (info.path().equals("/w/b")) {
                driver.delete("/w/b");
            }
            return true;
        });
        assertEquals(List.of("/w/a", "/w/a/1", "/w/b", "/w/c", "/w/c/3"), visited);
    }

    // ---- stat ----

    @Test
    void statOfAFile() throws IOException {
        Instant before = Instant.now();
        driver.putContent("/s/file", patterned(0, 4321));
        Instant after = Instant.now();
        FileInfo info = driver.stat("/s/file");
        assertEquals("/s/file", info.path());
        assertEquals(4321, info.size());
        assertFalse(info.directory());
        assertModifiedBetween(before, after, info);
    }

    @Test
    void statOfADirectory() throws IOException {
        Instant before = Instant.now();
        driver.putContent("/s/dir/file", patterned(0, 100));
        Instant after = Instant.now();
        FileInfo info = driver.stat("/s/dir");
        assertEquals("/s/dir", info.path());
        assertEquals(0, info.size());
        assertTrue(info.directory());
        assertModifiedBetween(before, after, info);
    }

    @Test
    void statSizeFollowsAWriter() throws IOException {
        try (FileWriter writer = driver.writer("/grow", false)) {
            writer.write(patterned(0, 100), 0, 100);
            writer.commit();
        }
        assertEquals(100, driver.stat("/grow").size());
        try (FileWriter writer = driver.writer("/grow", true)) {
            writer.write(patterned(0, 50), 0, 50);
            writer.commit();
        }
        assertEquals(150, driver.stat("/grow").size());
    }

    // ---- concurrency ----

    @Test
    void concurrentPutsNeverShowPartialContent() throws Exception {
        byte[] a = filled('a', 64 * 1024);
        byte[] b = filled('b', 100 * 1024 + 3);
        driver.putContent("/race/file", a);
        int threads = 4;
        int rounds = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean writes = t % 2 == 0;
                byte[] mine = t % 4 == 0 ? a : b;
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        if (writes) {
                            driver.putContent("/race/file", mine);
                        }
                        byte[] got = driver.getContent("/race/file");
                        if (!Arrays.equals(got, a) && !Arrays.equals(got, b)) {
                            fail("partial content, " + got.length + " bytes");
                        }
                        byte[] streamed;
                        try (InputStream in = driver.reader("/race/file", 0)) {
                            streamed = in.readAllBytes();
                        }
                        if (!Arrays.equals(streamed, a) && !Arrays.equals(streamed, b)) {
                            fail("partial stream, " + streamed.length + " bytes");
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                getOrRethrow(future);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        // Nothing but the one file: no scratch files escaped into the listing.
        assertEquals(List.of("/race/file"), driver.list("/race"));
    }

    @Test
    void concurrentWritersToDifferentPathsAllLand() throws Exception {
        int threads = 4;
        int filesEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < filesEach; i++) {
                        String path = "/shared/d" + (i % 3) + "/t" + thread + "-" + i;
                        if (i % 2 == 0) {
                            driver.putContent(path, bytes(path));
                        } else {
                            try (FileWriter writer = driver.writer(path, false)) {
                                writer.write(bytes(path), 0, path.length());
                                writer.commit();
                            }
                        }
                        driver.list("/shared");
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                getOrRethrow(future);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        List<String> files = new ArrayList<>();
        driver.walk("/shared", info -> {
            if (!info.directory()) {
                files.add(info.path());
                assertArrayEquals(bytes(info.path()), driver.getContent(info.path()));
            }
            return true;
        });
        assertEquals(threads * filesEach, files.size());
    }

    // ---- helpers ----

    protected static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    /** Deterministic bytes that differ with position, so any misplaced byte shows. */
    protected static byte[] patterned(long from, int length) {
        byte[] bytes = new byte[length];
        fillPatterned(bytes, from, length);
        return bytes;
    }

    /** Fills {@code length} bytes with the pattern of the stream from position {@code from}. */
    protected static void fillPatterned(byte[] buffer, long from, int length) {
        for (int i = 0; i < length; i++) {
            long p = from + i;
            buffer[i] = (byte) (p * 31 + (p >>> 8) * 7 + (p >>> 16) * 3 + (p >>> 24));
        }
    }

    private static byte[] filled(char c, int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    protected static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    protected static void assertInvalid(Executable call) {
        assertThrows(InvalidPathException.class, call);
    }

    protected static void assertNotFound(String path, Executable call) {
        PathNotFoundException e = assertThrows(PathNotFoundException.class, call, path);
        assertEquals(path, e.path());
    }

    private static void assertNotPathNotFound(IOException e) {
        assertFalse(e instanceof PathNotFoundException, () -> "expected another failure than " + e);
    }

    private static void assertModifiedBetween(Instant before, Instant after, FileInfo info) {
        // File systems keep coarse times (a second, or two on FAT), and clocks are read apart.
        Duration slack = Duration.ofSeconds(2);
        assertFalse(info.modified().isBefore(before.minus(slack)), () -> info + " before " + before);
        assertFalse(info.modified().isAfter(after.plus(slack)), () -> info + " after " + after);
    }

    private static void getOrRethrow(Future<?> future) throws Exception {
        try {
            future.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }

    @Test
    void patternDiffersWithPosition() {
        // Guards the helper the large test trusts: neighbouring bytes and distant blocks differ.
        assertNotEquals(patterned(0, 1)[0], patterned(1, 1)[0]);
        assertFalse(Arrays.equals(patterned(0, 4096), patterned(1 << 20, 4096)));
    }
}
