package dev.wharf.api;

import dev.wharf.storage.OpenBlob;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Streams a stored blob (or one range of it) to one client with non-blocking servlet output: a
 * client that reads slowly, or not at all, holds no request thread, only its connection. The
 * head was decided by {@link BlobResponse} from the size of the same open file, so head and body
 * agree; a file that ends before the bytes the head announced breaks the transfer
 * ({@link #abort}) instead of ending it short as if complete.
 */
final class BlobStreamResponder extends AsyncBlobResponder {
    private static final Logger LOG = Logger.getLogger(BlobStreamResponder.class.getName());

    private final OpenBlob blob;
    private final BlobResponse head;
    // Touched only by the drain, which runs on one thread at a time.
    private InputStream in;
    private long remaining;

    /** @param head a head with a body ({@link BlobResponse#hasBody()}) for {@code blob} */
    BlobStreamResponder(AsyncContext context, OpenBlob blob, BlobResponse head) {
        super(context, blob.digest());
        if (!head.hasBody() || head.length() < 0) {
            throw new IllegalArgumentException("a stored blob's response needs a body of known length: " + head);
        }
        this.blob = blob;
        this.head = head;
        this.remaining = head.length();
    }

    /** Sends the head, then lets the container call {@code onWritePossible} whenever the client can take more. */
    void start() {
        context.addListener(this);
        HttpServletResponse response = (HttpServletResponse) context.getResponse();
        try {
            head.apply(response);
            out = response.getOutputStream();
        } catch (IOException e) {
            LOG.log(Level.FINE, "a client of blob " + digest + " went away before its body", e);
            finish();
            return;
        }
        out.setWriteListener(this);
    }

    @Override
    protected void step() throws IOException {
        if (in == null) {
            in = blob.stream(head.offset());
        }
        while (!over() && ready()) {
            if (remaining == 0) {
                // Only once isReady() said the last write went out: completing with that write
                // still pending ended bodies with wrong bytes on Tomcat 10.1 (StalledDownloadsIT).
                finish();
                return;
            }
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                // Blobs are never rewritten in place; a file shorter than when it was opened is damage.
                throw new IOException("blob " + digest + " ended " + remaining + " bytes before the "
                        + head.length() + " bytes its response announced");
            }
            write(n);
            remaining -= n;
        }
    }

    @Override
    protected void releaseSource() {
        try {
            blob.close(); // closes the stream too, and releases a mirror's hold on the digest
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing blob " + digest + " failed; nothing more is read from it", e);
        }
    }
}
