package dev.wharf.storage;

import dev.wharf.domain.Digest;
import java.io.IOException;
import java.io.InputStream;

/** {@link OpenBlob#deferred}: the size known beforehand, the bytes opened on {@link #stream}. */
final class DeferredBlob implements OpenBlob {
    private final BlobInfo info;
    private final OpenBlob.Opener opener;
    private InputStream stream;
    private boolean closed;

    DeferredBlob(BlobInfo info, OpenBlob.Opener opener) {
        this.info = info;
        this.opener = opener;
    }

    @Override
    public Digest digest() {
        return info.digest();
    }

    @Override
    public long size() {
        return info.size();
    }

    @Override
    public synchronized InputStream stream(long offset) throws IOException {
        if (stream != null || closed) {
            throw new IllegalStateException("blob " + info.digest() + " already streamed or closed");
        }
        stream = opener.open(offset);
        return stream;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (stream != null) {
            stream.close();
        }
    }
}
