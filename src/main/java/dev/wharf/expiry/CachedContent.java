package dev.wharf.expiry;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import java.io.IOException;
import java.util.Collection;

/**
 * What {@link CacheJanitor} deletes in storage. Both operations are idempotent (what is already
 * gone is skipped) and delete links before the data they point at, so a crash half-way leaves
 * at worst unreferenced data, never a link to something missing; running the operation again
 * finishes the job.
 */
public interface CachedContent {

    /**
     * Removes a manifest from a repository: the tags whose current link names it, its entries in
     * other tags' histories, its referrer link, then its revision link. Its content (a blob) is
     * left for {@link #removeBlob}, since another repository may hold the same manifest.
     *
     * @throws IOException naming the path that could not be deleted
     */
    void removeManifest(RepositoryName repository, Digest digest) throws IOException;

    /**
     * Removes a blob: its {@code _layers} links in {@code repositories}, then its data.
     *
     * @throws IOException naming the path that could not be deleted
     */
    void removeBlob(Digest digest, Collection<RepositoryName> repositories) throws IOException;
}
