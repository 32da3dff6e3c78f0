package dev.wharf.app;

import dev.wharf.config.StorageConfig;
import dev.wharf.storage.BlobStore;
import dev.wharf.storage.LocalManifestStore;
import dev.wharf.storage.LocalRepositoryBlobStore;
import dev.wharf.storage.LocalRepositoryCatalog;
import dev.wharf.storage.LocalTagStore;
import dev.wharf.storage.LocalUploadStore;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.filesystem.FilesystemDriver;
import dev.wharf.storage.driver.inmemory.InMemoryDriver;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * The local storage of a deployment, built from the {@code storage} section: the driver and the
 * stores over it. Both assemblies start from it; the mirror puts its stores in front.
 */
record LocalStorage(
        StorageDriver driver,
        BlobStore blobs,
        LocalRepositoryBlobStore repositoryBlobs,
        LocalManifestStore manifests,
        LocalUploadStore uploads,
        LocalTagStore tags,
        LocalRepositoryCatalog catalog) {
    private static final Logger LOG = Logger.getLogger(LocalStorage.class.getName());

    static LocalStorage open(StorageConfig storage) throws IOException {
        StorageDriver driver = switch (storage.driver()) {
            case FILESYSTEM -> new FilesystemDriver(storage.rootDirectory());
            case INMEMORY -> new InMemoryDriver();
        };
        if (storage.driver() == StorageConfig.Driver.INMEMORY) {
            LOG.warning("storage.inmemory: everything pushed is lost when the registry stops; use storage.filesystem to keep it");
        }
        BlobStore blobs = new BlobStore(driver);
        LocalRepositoryBlobStore repositoryBlobs = new LocalRepositoryBlobStore(driver, blobs, storage.deleteEnabled());
        return new LocalStorage(driver, blobs, repositoryBlobs,
                new LocalManifestStore(driver, blobs, repositoryBlobs, storage.deleteEnabled()),
                new LocalUploadStore(driver, blobs, repositoryBlobs),
                new LocalTagStore(driver),
                new LocalRepositoryCatalog(driver));
    }
}
