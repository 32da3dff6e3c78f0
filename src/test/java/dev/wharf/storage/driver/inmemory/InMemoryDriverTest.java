package dev.wharf.storage.driver.inmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.storage.driver.FileWriter;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.StorageDriverContractTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryDriverTest extends StorageDriverContractTest {

    @Override
    protected StorageDriver newDriver() {
        return new InMemoryDriver();
    }

    @Test
    void driversShareNothing() throws IOException {
        StorageDriver other = new InMemoryDriver();
        driver.putContent("/mine", bytes("mine"));
        assertEquals(List.of(), other.list("/"));
    }

    @Test
    void tinyWritesAndReadsCrossChunkBoundaries() throws IOException {
        // Chunks start at 4 KiB and grow; single-byte writes and odd-sized reads cross every seam.
        int size = 3 * 4096 + 8192 + 77;
        byte[] expected = patterned(0, size);
        try (FileWriter writer = driver.writer("/tiny", false)) {
            for (int i = 0; i < size; i++) {
                writer.write(expected, i, 1);
            }
            writer.commit();
        }
        assertArrayEquals(expected, driver.getContent("/tiny"));

        byte[] seen = new byte[size];
        try (InputStream in = driver.reader("/tiny", 0)) {
            int position = 0;
            int step = 1;
            while (position < size) {
                int n = in.read(seen, position, Math.min(step, size - position));
                position += n;
                step = step % 5000 + 997;
            }
            assertEquals(-1, in.read());
        }
        assertArrayEquals(expected, seen);

        try (InputStream in = driver.reader("/tiny", 4095)) {
            assertEquals(4096, in.skip(4096));
            assertEquals(expected[4095 + 4096] & 0xff, in.read());
            assertEquals(size - 4095 - 4096 - 1, in.available());
        }
    }
}
