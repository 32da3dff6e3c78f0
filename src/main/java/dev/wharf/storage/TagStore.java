package dev.wharf.storage;

import dev.wharf.domain.RepositoryName;
import java.io.IOException;

/** Lists the tags of a repository. */
public interface TagStore {

    /**
     * A page of the repository's tags, sorted lexically.
     *
     * @param last return only tags after this one; null for the first page
     * @param limit at most this many tags; negative for all
     * @throws dev.wharf.error.RegistryException {@code NAME_UNKNOWN} for an unknown repository
     */
    Page list(RepositoryName repository, String last, int limit) throws IOException;
}
