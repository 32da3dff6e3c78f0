package dev.wharf.storage;

import dev.wharf.config.RegistryConfig;
import dev.wharf.config.StorageConfig;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.filesystem.FilesystemDriver;
import dev.wharf.storage.driver.inmemory.InMemoryDriver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * Builds the storage services from the configuration, once per deployment. The stores are plain
 * objects wired here rather than beans of their own, so the proxy mode can later put its own
 * stores in front of them in one place.
 */
@ApplicationScoped
public class StorageBeans {
    private static final Logger LOG = Logger.getLogger(StorageBeans.class.getName());

    private final StorageDriver driver;
    private final BlobStore blobs;
    private final LocalRepositoryBlobStore repositoryBlobs;
    private final LocalManifestStore manifests;
    private final LocalUploadStore uploads;
    private final LocalTagStore tags;
    private final LocalRepositoryCatalog catalog;

    @jakarta.inject.Inject
    public StorageBeans(RegistryConfig config) throws IOException {
        StorageConfig storage = config.storage();
        this.driver = switch (storage.driver()) {
            case FILESYSTEM -> new FilesystemDriver(storage.rootDirectory());
            case INMEMORY -> new InMemoryDriver();
        };
        if (storage.driver() == StorageConfig.Driver.INMEMORY) {
            LOG.warning("storage.inmemory: everything pushed is lost when the registry stops; use storage.filesystem to keep it");
        }
        this.blobs = new BlobStore(driver);
        this.repositoryBlobs = new LocalRepositoryBlobStore(driver, blobs, storage.deleteEnabled());
        this.manifests = new LocalManifestStore(driver, blobs, repositoryBlobs, storage.deleteEnabled());
        this.uploads = new LocalUploadStore(driver, blobs, repositoryBlobs);
        this.tags = new LocalTagStore(driver);
        this.catalog = new LocalRepositoryCatalog(driver);
    }

    @Produces
    @ApplicationScoped
    StorageDriver driver() {
        return driver;
    }

    @Produces
    @ApplicationScoped
    RepositoryBlobStore repositoryBlobs() {
        return repositoryBlobs;
    }

    @Produces
    @ApplicationScoped
    ManifestStore manifests() {
        return manifests;
    }

    @Produces
    @ApplicationScoped
    UploadStore uploads() {
        return uploads;
    }

    @Produces
    @ApplicationScoped
    TagStore tags() {
        return tags;
    }

    @Produces
    @ApplicationScoped
    RepositoryCatalog catalog() {
        return catalog;
    }
}
