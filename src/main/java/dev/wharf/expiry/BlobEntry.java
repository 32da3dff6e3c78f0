package dev.wharf.expiry;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import java.time.Instant;
import java.util.Set;

/**
 * Stored bytes under {@code blobs/} as the {@link CacheIndex} knows them: a layer or config, or
 * the content of a cached manifest (manifests are stored as blobs too).
 *
 * @param digest the blob's digest
 * @param size its size in bytes; counted once in {@link CacheTotals#bytes()} however many
 *     repositories link it
 * @param lastAccess when it was last recorded or read (millisecond precision)
 * @param repositories the repositories holding a {@code _layers} link to it (none for a
 *     manifest's content, which is reached through revision links instead)
 * @param references how many cached manifest entries keep it alive: those that reference it, and
 *     those whose own content it is; 0 means it may be deleted once idle
 */
public record BlobEntry(Digest digest, long size, Instant lastAccess, Set<RepositoryName> repositories,
        long references) {

    public BlobEntry {
        repositories = Set.copyOf(repositories);
    }
}
