package dev.wharf.expiry;

import dev.wharf.domain.Digest;
import dev.wharf.domain.DigestAlgorithm;
import dev.wharf.domain.RepositoryName;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys and values of {@link MvStoreCacheIndex}'s maps. Keys are strings, so the file stays
 * readable with {@code MVStoreTool.dump}; values are a few bytes in a fixed layout led by a
 * format version (no Java serialization, which would tie the file to class versions).
 *
 * <ul>
 *   <li>manifest key: {@code <repository>@<digest>} ({@code @} cannot occur in a name)
 *   <li>blob key: {@code <digest>}
 *   <li>access key: 16 hex digits of the last access in epoch milliseconds, then the entry's
 *       key; fixed width makes lexical order the order of access times
 * </ul>
 */
final class EntryCodec {
    private static final byte FORMAT = 1;
    private static final HexFormat HEX = HexFormat.of();
    private static final int MILLIS_WIDTH = 16;
    // Bounded by the repositories the mirror has cached, which is small next to the entries.
    private static final Map<String, RepositoryName> NAMES = new ConcurrentHashMap<>();

    private EntryCodec() {}

    static String manifestKey(RepositoryName repository, Digest digest) {
        return repository.value() + "@" + digest;
    }

    static RepositoryName repositoryOf(String manifestKey) {
        return repository(manifestKey.substring(0, manifestKey.indexOf('@')));
    }

    static Digest digestOf(String manifestKey) {
        return digest(manifestKey.substring(manifestKey.indexOf('@') + 1));
    }

    /**
     * A digest this codec wrote. Skips {@link Digest#parse}'s grammar check (the constructor still
     * checks the hex), which iterating a large index would otherwise spend much of its time on.
     */
    static Digest digest(String value) {
        int colon = value.indexOf(':');
        DigestAlgorithm algorithm = DigestAlgorithm.byLabel(value.substring(0, colon))
                .orElseThrow(() -> new IllegalStateException("cache index holds an unknown digest " + value));
        return new Digest(algorithm, value.substring(colon + 1));
    }

    /** A repository name this codec wrote; the few names a mirror serves are validated once. */
    static RepositoryName repository(String value) {
        return NAMES.computeIfAbsent(value, RepositoryName::new);
    }

    static String blobKey(Digest digest) {
        return digest.toString();
    }

    static String accessKey(long millis, String key) {
        String hex = Long.toHexString(Math.max(0, millis));
        return "0".repeat(MILLIS_WIDTH - hex.length()) + hex + key;
    }

    /** The smallest access key after every key accessed at or before {@code millis}. */
    static String accessKeyAfter(long millis) {
        if (millis >= Long.MAX_VALUE) {
            return null;
        }
        return accessKey(millis + 1, "");
    }

    static long accessOf(String accessKey) {
        return Long.parseLong(accessKey, 0, MILLIS_WIDTH, 16);
    }

    static String keyOf(String accessKey) {
        return accessKey.substring(MILLIS_WIDTH);
    }

    /** A manifest entry's value. */
    record ManifestValue(long size, long lastAccess, List<Digest> references) {

        ManifestValue withAccess(long millis) {
            return new ManifestValue(size, Math.max(lastAccess, millis), references);
        }

        byte[] encode() {
            int length = 1 + 8 + 8 + 4;
            for (Digest reference : references) {
                length += 1 + reference.hex().length() / 2;
            }
            ByteBuffer buffer = ByteBuffer.allocate(length);
            buffer.put(FORMAT).putLong(size).putLong(lastAccess).putInt(references.size());
            for (Digest reference : references) {
                // Raw hash bytes: half the size of the hex, and most of a manifest entry's weight.
                buffer.put((byte) reference.algorithm().ordinal()).put(HEX.parseHex(reference.hex()));
            }
            return buffer.array();
        }

        static ManifestValue decode(byte[] bytes) {
            ByteBuffer buffer = readable(bytes);
            long size = buffer.getLong();
            long lastAccess = buffer.getLong();
            int count = buffer.getInt();
            List<Digest> references = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                DigestAlgorithm algorithm = DigestAlgorithm.values()[buffer.get()];
                byte[] hash = new byte[algorithm.hexLength() / 2];
                buffer.get(hash);
                references.add(Digest.of(algorithm, hash));
            }
            return new ManifestValue(size, lastAccess, references);
        }
    }

    /** A blob entry's value; repositories are names, sorted so equal sets encode equally. */
    record BlobValue(long size, long lastAccess, SortedSet<String> repositories) {

        BlobValue withAccess(long millis) {
            return new BlobValue(size, Math.max(lastAccess, millis), repositories);
        }

        BlobValue withRepository(String repository) {
            if (repository == null || repositories.contains(repository)) {
                return this;
            }
            SortedSet<String> more = new TreeSet<>(repositories);
            more.add(repository);
            return new BlobValue(size, lastAccess, more);
        }

        byte[] encode() {
            List<byte[]> names = new ArrayList<>(repositories.size());
            int length = 1 + 8 + 8 + 4;
            for (String repository : repositories) {
                byte[] name = repository.getBytes(StandardCharsets.UTF_8);
                names.add(name);
                length += 2 + name.length;
            }
            ByteBuffer buffer = ByteBuffer.allocate(length);
            buffer.put(FORMAT).putLong(size).putLong(lastAccess).putInt(names.size());
            for (byte[] name : names) {
                buffer.putShort((short) name.length).put(name);
            }
            return buffer.array();
        }

        static BlobValue decode(byte[] bytes) {
            ByteBuffer buffer = readable(bytes);
            long size = buffer.getLong();
            long lastAccess = buffer.getLong();
            int count = buffer.getInt();
            SortedSet<String> repositories = new TreeSet<>();
            for (int i = 0; i < count; i++) {
                byte[] name = new byte[Short.toUnsignedInt(buffer.getShort())];
                buffer.get(name);
                repositories.add(new String(name, StandardCharsets.UTF_8));
            }
            return new BlobValue(size, lastAccess, repositories);
        }
    }

    private static ByteBuffer readable(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte format = buffer.get();
        if (format != FORMAT) {
            throw new IllegalStateException("cache index entry in unknown format " + format);
        }
        return buffer;
    }
}
