package dev.wharf.app;

import dev.wharf.config.MaintenanceConfig;
import dev.wharf.config.ProxyConfig;
import dev.wharf.config.StorageConfig;
import dev.wharf.proxy.ColdBlobs;
import dev.wharf.storage.ManifestStore;
import dev.wharf.storage.RepositoryBlobStore;
import dev.wharf.storage.RepositoryCatalog;
import dev.wharf.storage.TagStore;
import dev.wharf.storage.UploadStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.io.IOException;

/**
 * The one place that decides which implementation each part of Wharf gets: builds the registry
 * or the mirror assembly from the configuration, offers its stores to CDI, starts its
 * background work once the application is up and stops everything, in order, on undeploy.
 */
@ApplicationScoped
public class Wiring {
    private final Assembly assembly;

    @Inject
    public Wiring(StorageConfig storage, ProxyConfig proxy, MaintenanceConfig maintenance) throws IOException {
        LocalStorage local = LocalStorage.open(storage);
        this.assembly = proxy.enabled()
                ? new MirrorAssembly(local, storage, proxy, maintenance)
                : new RegistryAssembly(local, maintenance);
    }

    /** Starts the assembly's background work once the application is up. */
    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        assembly.start();
    }

    @PreDestroy
    void stop() {
        assembly.stop();
    }

    @Produces
    @ApplicationScoped
    RepositoryBlobStore repositoryBlobs() {
        return assembly.stores().blobs();
    }

    @Produces
    @ApplicationScoped
    ManifestStore manifests() {
        return assembly.stores().manifests();
    }

    @Produces
    @ApplicationScoped
    UploadStore uploads() {
        return assembly.stores().uploads();
    }

    @Produces
    @ApplicationScoped
    TagStore tags() {
        return assembly.stores().tags();
    }

    @Produces
    @ApplicationScoped
    RepositoryCatalog catalog() {
        return assembly.stores().catalog();
    }

    @Produces
    @ApplicationScoped
    ColdBlobs coldBlobs() {
        return assembly.coldBlobs();
    }
}
