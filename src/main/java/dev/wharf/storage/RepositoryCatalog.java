package dev.wharf.storage;

import java.io.IOException;

/** The repositories of the registry, for {@code /v2/_catalog}. */
public interface RepositoryCatalog {

    /**
     * A page of repository names, sorted lexically.
     *
     * @param last return only names after this one; null for the first page
     * @param limit at most this many names; negative for all
     */
    Page list(String last, int limit) throws IOException;
}
