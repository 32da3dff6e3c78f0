package dev.wharf.proxy;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.expiry.ActiveDigests;
import dev.wharf.expiry.CacheIndex;
import dev.wharf.storage.BlobInfo;
import dev.wharf.storage.BlobStore;
import dev.wharf.storage.LocalRepositoryBlobStore;
import dev.wharf.storage.OpenBlob;
import dev.wharf.storage.RepositoryBlobStore;
import dev.wharf.upstream.UpstreamException;
import dev.wharf.upstream.UpstreamRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Blobs of a mirror: served from the local store when cached, else from a fill of the upstream.
 * A blob the store holds for another repository is linked into this one once the upstream
 * confirms this repository has it (a HEAD, no transfer), so shared base layers are fetched once;
 * without that confirmation (upstream down, or refusing) it is not served here.
 */
public final class ProxyRepositoryBlobStore implements RepositoryBlobStore {
    private final LocalRepositoryBlobStore local;
    private final BlobStore blobs;
    private final UpstreamRegistry upstream;
    private final BlobFills fills;
    private final ProxyStatistics statistics;
    private final CacheIndex index;
    private final ActiveDigests active;

    public ProxyRepositoryBlobStore(LocalRepositoryBlobStore local, BlobStore blobs, UpstreamRegistry upstream,
            BlobFills fills, ProxyStatistics statistics, CacheIndex index, ActiveDigests active) {
        this.local = local;
        this.blobs = blobs;
        this.upstream = upstream;
        this.fills = fills;
        this.statistics = statistics;
        this.index = index;
        this.active = active;
    }

    @Override
    public Optional<BlobInfo> stat(RepositoryName repository, Digest digest) throws IOException {
        Optional<BlobInfo> cached = local.stat(repository, digest);
        if (cached.isPresent()) {
            accessed(repository, cached.get());
            return cached;
        }
        Optional<Long> stored = blobs.size(digest);
        Optional<Long> upstreamSize;
        try {
            upstreamSize = upstream.headBlob(repository, digest);
        } catch (UpstreamException e) {
            statistics.upstreamFailed();
            // Not linked here, and the upstream cannot confirm this repository has it: a blob cached
            // for another repository is not served, or any repository name would reach it.
            throw NotCached.because(repository, digest, e);
        }
        if (upstreamSize.isEmpty()) {
            return Optional.empty();
        }
        if (stored.isPresent()) {
            local.link(repository, digest);
            index.recordBlob(repository, digest, stored.get(), Instant.now());
            return Optional.of(new BlobInfo(digest, stored.get()));
        }
        return Optional.of(new BlobInfo(digest, upstreamSize.get()));
    }

    @Override
    public Optional<OpenBlob> read(RepositoryName repository, Digest digest) throws IOException {
        // Held from before the lookup until the reader closes, so the janitor cannot remove the
        // blob between finding it and streaming it.
        ActiveDigests.Hold hold = active.hold(digest);
        try {
            Optional<OpenBlob> cached = local.read(repository, digest);
            if (cached.isPresent()) {
                accessed(repository, cached.get().info());
                return Optional.of(new HeldBlob(cached.get().info(), cached.get()::stream, cached.get(), hold));
            }
            // Not linked here: the upstream must confirm this repository has it (stat links a blob
            // stored for another repository), or a fill fetches it.
            Optional<BlobInfo> known = stat(repository, digest);
            if (known.isEmpty()) {
                hold.close();
                return Optional.empty();
            }
            cached = local.read(repository, digest);
            if (cached.isPresent()) {
                return Optional.of(new HeldBlob(cached.get().info(), cached.get()::stream, cached.get(), hold));
            }
            return Optional.of(new HeldBlob(known.get(), offset -> open(repository, digest, offset), null, hold));
        } catch (IOException | RuntimeException e) {
            hold.close();
            throw e;
        }
    }

    @Override
    public InputStream open(RepositoryName repository, Digest digest, long offset) throws IOException {
        Optional<InputStream> cached = local.openIfLinked(repository, digest, offset);
        if (cached.isPresent()) {
            // Held while streaming, so the janitor does not remove a blob a client is reading.
            ActiveDigests.Hold hold = active.hold(digest);
            return new java.io.FilterInputStream(cached.get()) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        hold.close();
                    }
                }
            };
        }
        Optional<Fill> fill = fills.join(repository, digest);
        if (fill.isEmpty()) {
            return local.open(repository, digest, offset); // committed meanwhile
        }
        return new FillInputStream(fill.get(), offset);
    }

    /** Opens a blob's bytes from an offset. */
    @FunctionalInterface
    private interface Opener {
        InputStream open(long offset) throws IOException;
    }

    /** A blob opened (or about to be filled) that releases its hold on the digest when closed. */
    private static final class HeldBlob implements OpenBlob {
        private final BlobInfo info;
        private final Opener opener;
        private final java.io.Closeable underlying;
        private final ActiveDigests.Hold hold;
        private InputStream stream;

        HeldBlob(BlobInfo info, Opener opener, java.io.Closeable underlying, ActiveDigests.Hold hold) {
            this.info = info;
            this.opener = opener;
            this.underlying = underlying;
            this.hold = hold;
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
        public InputStream stream(long offset) throws IOException {
            stream = opener.open(offset);
            return stream;
        }

        @Override
        public void close() throws IOException {
            try (hold) {
                if (stream != null) {
                    stream.close();
                }
                if (underlying != null) {
                    underlying.close();
                }
            }
        }
    }

    @Override
    public void delete(RepositoryName repository, Digest digest) {
        throw ReadOnly.refuse(upstream.describe(), "deleting blobs");
    }

    @Override
    public Optional<BlobInfo> mount(RepositoryName repository, Digest digest, Optional<RepositoryName> source) {
        throw ReadOnly.refuse(upstream.describe(), "mounting blobs");
    }

    /** Notes the access for expiry; a blob cached before the index existed is recorded now. */
    private void accessed(RepositoryName repository, BlobInfo blob) {
        if (index.blob(blob.digest()).isEmpty()) {
            index.recordBlob(repository, blob.digest(), blob.size(), Instant.now());
        } else {
            index.blobAccessed(blob.digest(), Instant.now());
        }
    }
}
