package dev.wharf.storage;

import dev.wharf.storage.driver.StorageDriver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link RepositoryCatalog} from a walk of {@code repositories/}: a directory with a
 * {@code _manifests} child is a repository (as distribution decides), and the walk never
 * descends into the {@code _}-directories, where the bulk of the files are.
 */
public final class LocalRepositoryCatalog implements RepositoryCatalog {
    private final StorageDriver driver;

    public LocalRepositoryCatalog(StorageDriver driver) {
        this.driver = driver;
    }

    @Override
    public Page list(String last, int limit) throws IOException {
        List<String> names = new ArrayList<>();
        for (String manifests : RepositoryWalk.find(driver, StoragePaths::isManifestsDirectory)) {
            names.add(StoragePaths.repositoryNameOf(manifests));
        }
        // The walk is lexical per component ("a", "a/b", "a-c"); the catalog is lexical per name.
        Collections.sort(names);
        return Page.of(names, last, limit);
    }
}
