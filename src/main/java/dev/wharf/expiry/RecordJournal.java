package dev.wharf.expiry;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * An append-only text file of the entries recorded since the index was last committed, so that
 * an entry survives {@code kill -9} even if the store had not written it yet. A commit of the
 * store after every record would do the same, but costs a chunk of index pages (measured:
 * about 1 ms and 150 KB per commit at 100k entries); one appended line costs one
 * {@code write()}. Nothing is synced: like the store itself, this survives the process dying,
 * not the machine losing power.
 *
 * <p>Lines are {@code M <repository> <digest> <size> <millis> <ref>,<ref>…} (or {@code -} for no
 * references) and {@code B <repository> <digest> <size> <millis>}. Replaying records again is
 * harmless because recording is idempotent, so the journal only needs truncating once a commit
 * has covered everything in it.
 */
final class RecordJournal implements Closeable {
    private static final Logger LOG = Logger.getLogger(RecordJournal.class.getName());

    /** Receives replayed records. */
    interface Sink {
        void manifest(RepositoryName repository, Digest digest, long size, List<Digest> references, long millis);

        void blob(RepositoryName repository, Digest digest, long size, long millis);
    }

    private final Path file;
    private final FileChannel channel;

    private RecordJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static RecordJournal open(Path file) throws IOException {
        return new RecordJournal(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND));
    }

    /** Feeds every complete, well-formed line to {@code sink}; a torn last line is skipped. */
    void replay(Sink sink) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int start = 0;
        int end;
        while ((end = text.indexOf('\n', start)) >= 0) {
            String line = text.substring(start, end);
            start = end + 1;
            try {
                parse(line, sink);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                // InvalidValueException (a bad name or digest) is an IllegalArgumentException too.
                LOG.warning("cache index journal " + file + ": skipping unreadable line '" + line + "'");
            }
        }
    }

    private static void parse(String line, Sink sink) {
        String[] fields = line.split(" ");
        if (fields[0].equals("M") && fields.length == 6) {
            List<Digest> references = new ArrayList<>();
            if (!fields[5].equals("-")) {
                for (String reference : fields[5].split(",")) {
                    references.add(Digest.parse(reference));
                }
            }
            sink.manifest(new RepositoryName(fields[1]), Digest.parse(fields[2]), Long.parseLong(fields[3]),
                    references, Long.parseLong(fields[4]));
        } else if (fields[0].equals("B") && fields.length == 5) {
            sink.blob(new RepositoryName(fields[1]), Digest.parse(fields[2]), Long.parseLong(fields[3]),
                    Long.parseLong(fields[4]));
        } else {
            throw new IllegalArgumentException("unknown record");
        }
    }

    void appendManifest(RepositoryName repository, Digest digest, long size, List<Digest> references, long millis)
            throws IOException {
        StringBuilder line = new StringBuilder(200).append("M ").append(repository).append(' ').append(digest)
                .append(' ').append(size).append(' ').append(millis).append(' ');
        if (references.isEmpty()) {
            line.append('-');
        }
        for (int i = 0; i < references.size(); i++) {
            line.append(i == 0 ? "" : ",").append(references.get(i));
        }
        append(line.append('\n'));
    }

    void appendBlob(RepositoryName repository, Digest digest, long size, long millis) throws IOException {
        append(new StringBuilder(120).append("B ").append(repository).append(' ').append(digest).append(' ')
                .append(size).append(' ').append(millis).append('\n'));
    }

    private void append(CharSequence line) throws IOException {
        // One buffer, written whole: a line is either in the file or (at worst) torn at the end.
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(line.toString());
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Empties the journal; only once the store has committed everything it holds. */
    void truncate() throws IOException {
        channel.truncate(0);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
