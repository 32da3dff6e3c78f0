package dev.wharf.expiry;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import java.time.Instant;
import java.util.List;

/**
 * A cached manifest as the {@link CacheIndex} knows it.
 *
 * @param repository the repository it is cached in (the same digest in two repositories is two
 *     entries)
 * @param digest the manifest's digest
 * @param size the manifest's size in bytes
 * @param lastAccess when it was last recorded or read (millisecond precision)
 * @param references what it keeps alive: config and layers for an image, children for an index
 */
public record ManifestEntry(
        RepositoryName repository, Digest digest, long size, Instant lastAccess, List<Digest> references) {

    public ManifestEntry {
        references = List.copyOf(references);
    }
}
