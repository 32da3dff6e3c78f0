package dev.wharf.storage;

import dev.wharf.domain.Digest;
import dev.wharf.domain.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;

/**
 * Blob content for storage tests: small byte arrays, and large deterministic content generated
 * from a seed as a stream, so a many-MiB upload is never held in memory (twice or at all).
 */
public final class TestContent {
    private static final int BLOCK = 8 * 1024;

    private TestContent() {}

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static Digest digest(DigestAlgorithm algorithm, byte[] content) {
        return Digest.of(algorithm, algorithm.newMessageDigest().digest(content));
    }

    public static Digest sha256(byte[] content) {
        return digest(DigestAlgorithm.SHA256, content);
    }

    /** The digest of everything {@code in} yields; closes it. */
    public static Digest digest(DigestAlgorithm algorithm, InputStream in) throws IOException {
        MessageDigest hash = algorithm.newMessageDigest();
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                hash.update(buffer, 0, n);
            }
        }
        return Digest.of(algorithm, hash.digest());
    }

    /** The digest of the first {@code length} bytes of the content of {@code seed}. */
    public static Digest digest(DigestAlgorithm algorithm, long seed, long length) {
        try {
            return digest(algorithm, seeded(seed, 0, length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Bytes {@code from} (inclusive) to {@code to} (exclusive) of the content of {@code seed}. The
     * bytes at a position do not depend on how the stream is read: they are generated in fixed
     * blocks from one {@link Random}.
     */
    public static InputStream seeded(long seed, long from, long to) {
        return new InputStream() {
            private final Random random = new Random(seed);
            private final byte[] block = new byte[BLOCK];
            private long blockStart = -BLOCK; // position of block[0]; nothing generated yet
            private long position = from;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) {
                if (length == 0) {
                    return 0;
                }
                if (position >= to) {
                    return -1;
                }
                while (position >= blockStart + BLOCK) {
                    random.nextBytes(block);
                    blockStart += BLOCK;
                }
                int within = (int) (position - blockStart);
                int n = (int) Math.min(Math.min(length, BLOCK - within), to - position);
                System.arraycopy(block, within, bytes, offset, n);
                position += n;
                return n;
            }
        };
    }

    /** A stream that yields {@code prefix} and then fails, as a client connection that breaks. */
    public static InputStream breakingAfter(byte[] prefix) {
        return new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                if (position >= prefix.length) {
                    throw new IOException("connection reset by test");
                }
                // Small reads, so the failure comes after several successful ones.
                int n = Math.min(Math.min(length, 100), prefix.length - position);
                System.arraycopy(prefix, position, bytes, offset, n);
                position += n;
                return n;
            }
        };
    }
}
