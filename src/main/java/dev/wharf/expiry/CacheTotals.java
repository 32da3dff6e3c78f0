package dev.wharf.expiry;

/**
 * What the cache holds, kept up to date incrementally by the {@link CacheIndex}.
 *
 * @param bytes stored bytes: every blob entry once, manifests' content included
 * @param manifests manifest entries (a digest cached in two repositories counts twice)
 * @param blobs blob entries, manifests' content included
 */
public record CacheTotals(long bytes, long manifests, long blobs) {

    /** Manifest and blob entries together, as the janitor's log line reports them. */
    public long entries() {
        return manifests + blobs;
    }
}
