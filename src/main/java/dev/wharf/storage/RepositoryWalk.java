package dev.wharf.storage;

import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds one kind of repository directory ({@code _manifests}, {@code _uploads}) in every
 * repository, nested names included, without descending into any {@code _}-directory, where
 * the bulk of the files are.
 */
final class RepositoryWalk {
    private RepositoryWalk() {}

    /** The full paths of the repository directories that {@code wanted} accepts, in walk order. */
    static List<String> find(StorageDriver driver, Predicate<String> wanted) throws IOException {
        List<String> found = new ArrayList<>();
        try {
            driver.walk(StoragePaths.repositoriesRoot(), info -> {
                if (!info.directory()) {
                    return false;
                }
                if (wanted.test(info.path())) {
                    found.add(info.path());
                }
                return !StoragePaths.isRepositoryDataDirectory(info.path());
            });
        } catch (PathNotFoundException e) {
            return List.of(); // nothing pushed yet
        }
        return found;
    }
}
