package dev.wharf.expiry;

import dev.wharf.config.MaintenanceConfig;
import dev.wharf.storage.LocalUploadStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * distribution's upload purging: removes uploads started longer ago than
 * {@code storage.maintenance.uploadpurging.age}, or with {@code dryrun} only says how many it would.
 */
public final class UploadPurging implements Runnable {
    private static final Logger LOG = Logger.getLogger(UploadPurging.class.getName());

    private final LocalUploadStore uploads;
    private final MaintenanceConfig maintenance;
    private final Clock clock;

    public UploadPurging(LocalUploadStore uploads, MaintenanceConfig maintenance, Clock clock) {
        this.uploads = uploads;
        this.maintenance = maintenance;
        this.clock = clock;
    }

    @Override
    public void run() {
        Instant cutoff = clock.instant().minus(maintenance.uploadPurgingAge());
        try {
            int purged = uploads.purgeStartedBefore(cutoff, maintenance.uploadPurgingDryRun());
            if (purged > 0) {
                LOG.info((maintenance.uploadPurgingDryRun() ? "upload purging (dry run) would remove " : "upload purging removed ")
                        + purged + " uploads started before " + cutoff);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list or remove uploads in the upload area", e);
        }
    }
}
