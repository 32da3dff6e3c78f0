package dev.wharf.app;

import dev.wharf.storage.ManifestStore;
import dev.wharf.storage.RepositoryBlobStore;
import dev.wharf.storage.RepositoryCatalog;
import dev.wharf.storage.TagStore;
import dev.wharf.storage.UploadStore;

/** The stores the API serves, as one of the two assemblies built them. */
record ServedStores(
        RepositoryBlobStore blobs,
        ManifestStore manifests,
        UploadStore uploads,
        TagStore tags,
        RepositoryCatalog catalog) {}
