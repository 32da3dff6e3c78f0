package dev.wharf.storage;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.Tag;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** {@link TagStore} over {@code _manifests/tags/}: a tag exists while its {@code current} link does. */
public final class LocalTagStore implements TagStore {
    private final StorageDriver driver;
    private final Links links;

    public LocalTagStore(StorageDriver driver) {
        this.driver = driver;
        this.links = new Links(driver);
    }

    @Override
    public Page list(RepositoryName repository, String last, int limit) throws IOException {
        List<String> tags = new ArrayList<>();
        List<String> directories;
        try {
            directories = driver.list(StoragePaths.tagsDirectory(repository));
        } catch (PathNotFoundException e) {
            // Only without tags does it take a second lookup to tell an untagged repository from none.
            try {
                driver.stat(StoragePaths.manifestsDirectory(repository));
            } catch (PathNotFoundException none) {
                throw new RegistryException(OciErrorCode.NAME_UNKNOWN, Map.of("name", repository.value()));
            }
            directories = List.of();
        }
        for (String directory : directories) {
            String name = StoragePaths.lastComponent(directory);
            if (Tag.isValid(name) && links.exists(StoragePaths.tagCurrentLink(repository, new Tag(name)))) {
                tags.add(name);
            }
        }
        Collections.sort(tags);
        return Page.of(tags, last, limit);
    }
}
