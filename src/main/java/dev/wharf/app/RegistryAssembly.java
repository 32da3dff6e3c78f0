package dev.wharf.app;

import dev.wharf.config.MaintenanceConfig;
import dev.wharf.expiry.MaintenanceScheduler;
import dev.wharf.expiry.UploadPurging;
import dev.wharf.proxy.ColdBlobs;
import dev.wharf.proxy.ReadOnlyManifestStore;
import dev.wharf.proxy.ReadOnlyRepositoryBlobStore;
import dev.wharf.proxy.ReadOnlyUploadStore;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * A private registry: the local stores as they are, or behind read-only guards in maintenance
 * mode, with distribution's upload purging on the maintenance timer.
 */
final class RegistryAssembly implements Assembly {
    private static final Logger LOG = Logger.getLogger(RegistryAssembly.class.getName());

    private final ServedStores stores;
    private final MaintenanceScheduler scheduler;

    RegistryAssembly(LocalStorage local, MaintenanceConfig maintenance) {
        if (maintenance.readOnly()) {
            LOG.warning("storage.maintenance.readonly.enabled is true: every push and delete answers 405 UNSUPPORTED");
            this.stores = new ServedStores(new ReadOnlyRepositoryBlobStore(local.repositoryBlobs()),
                    new ReadOnlyManifestStore(local.manifests()), ReadOnlyUploadStore.maintenance(), local.tags(),
                    local.catalog());
        } else {
            this.stores = new ServedStores(local.repositoryBlobs(), local.manifests(), local.uploads(), local.tags(),
                    local.catalog());
        }
        this.scheduler = maintenanceOf(local, maintenance);
    }

    /** The timer with upload purging, as both assemblies run it. */
    static MaintenanceScheduler maintenanceOf(LocalStorage local, MaintenanceConfig maintenance) {
        MaintenanceScheduler scheduler = new MaintenanceScheduler();
        // A read-only registry writes nothing, not even by purging.
        if (maintenance.uploadPurging() && !maintenance.readOnly()) {
            scheduler.every("upload purging", Timings.firstPurge(maintenance), maintenance.uploadPurgingInterval(),
                    new UploadPurging(local.uploads(), maintenance, Clock.systemUTC()));
        }
        return scheduler;
    }

    @Override
    public ServedStores stores() {
        return stores;
    }

    @Override
    public ColdBlobs coldBlobs() {
        return ColdBlobs.none();
    }

    @Override
    public void start() {
        scheduler.start();
    }

    @Override
    public void stop() {
        scheduler.stop();
    }
}
