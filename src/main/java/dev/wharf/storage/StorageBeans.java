package dev.wharf.storage;

import dev.wharf.config.StorageConfig;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.filesystem.FilesystemDriver;
import dev.wharf.storage.driver.inmemory.InMemoryDriver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * The local storage of this deployment, built once from the {@code storage} section: the driver
 * and the stores over it. Plain objects wired here, so that {@code dev.wharf.proxy.RegistryStores}
 * can serve them as they are or put the mirror's stores in front of them.
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

    @Inject
    public StorageBeans(StorageConfig storage) throws IOException {
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

    public StorageDriver storageDriver() {
        return driver;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public LocalRepositoryBlobStore repositoryBlobs() {
        return repositoryBlobs;
    }

    public LocalManifestStore manifests() {
        return manifests;
    }

    public LocalUploadStore uploads() {
        return uploads;
    }

    public LocalTagStore tags() {
        return tags;
    }

    public LocalRepositoryCatalog catalog() {
        return catalog;
    }
}
