package dev.wharf.storage;

import dev.wharf.domain.Digest;
import dev.wharf.storage.driver.FileInfo;
import dev.wharf.storage.driver.OpenFile;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The registry-wide, content-addressed blob store under {@code blobs/}. It holds layers,
 * configs and manifests alike; repositories see them only through links.
 */
public final class BlobStore {
    private final StorageDriver driver;

    public BlobStore(StorageDriver driver) {
        this.driver = driver;
    }

    /** The blob's size, when its data exists. */
    public Optional<Long> size(Digest digest) throws IOException {
        try {
            FileInfo info = driver.stat(StoragePaths.blobData(digest));
            return info.directory() ? Optional.empty() : Optional.of(info.size());
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Opens the blob: its size and its bytes from one lookup. Empty when its data does not exist.
     * The caller closes the result.
     */
    public Optional<OpenBlob> openBlob(Digest digest) throws IOException {
        try {
            return Optional.of(new FileBlob(digest, driver.open(StoragePaths.blobData(digest))));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Streams the blob from {@code offset}. */
    public InputStream open(Digest digest, long offset) throws IOException {
        return driver.reader(StoragePaths.blobData(digest), offset);
    }

    /** Reads a small blob (a manifest) whole. */
    public byte[] read(Digest digest) throws IOException {
        return driver.getContent(StoragePaths.blobData(digest));
    }

    /** Stores a small blob whose digest the caller has computed; atomic, and a no-op when present. */
    public void putSmall(Digest digest, byte[] content) throws IOException {
        if (size(digest).isEmpty()) {
            driver.putContent(StoragePaths.blobData(digest), content);
        }
    }

    /**
     * Makes verified bytes at {@code sourcePath} the blob {@code digest}, by an atomic move. When
     * the blob already exists (same digest, same bytes), the source is deleted instead.
     */
    public void commit(String sourcePath, Digest digest) throws IOException {
        if (size(digest).isPresent()) {
            driver.delete(sourcePath);
        } else {
            driver.move(sourcePath, StoragePaths.blobData(digest));
        }
    }

    /** A blob's data file, opened. */
    private record FileBlob(Digest digest, OpenFile file) implements OpenBlob {
        @Override
        public long size() {
            return file.size();
        }

        @Override
        public InputStream stream(long offset) throws IOException {
            return file.stream(offset);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
