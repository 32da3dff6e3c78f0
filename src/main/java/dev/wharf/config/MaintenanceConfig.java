package dev.wharf.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code storage.maintenance} section, as distribution reads it.
 *
 * @param uploadPurging {@code uploadpurging.enabled}: remove abandoned uploads, default true
 * @param uploadPurgingAge {@code uploadpurging.age}: an upload older than this is abandoned, default 168h
 * @param uploadPurgingInterval {@code uploadpurging.interval}: how often to look, default 24h
 * @param uploadPurgingDryRun {@code uploadpurging.dryrun}: only log what would be removed, default false
 * @param readOnly {@code readonly.enabled}: refuse every write with 405, default false
 */
public record MaintenanceConfig(
        boolean uploadPurging,
        Duration uploadPurgingAge,
        Duration uploadPurgingInterval,
        boolean uploadPurgingDryRun,
        boolean readOnly) {

    /** {@code storage.maintenance.uploadpurging} as written. */
    record UploadPurging(Boolean enabled, Duration age, Duration interval, Boolean dryrun) {}

    @JsonCreator
    static MaintenanceConfig bind(@JsonProperty("uploadpurging") UploadPurging purging,
            @JsonProperty("readonly") StorageConfig.Toggle readOnly) {
        UploadPurging p = Objects.requireNonNullElseGet(purging, () -> new UploadPurging(null, null, null, null));
        return new MaintenanceConfig(!Boolean.FALSE.equals(p.enabled()),
                Objects.requireNonNullElse(p.age(), Duration.ofHours(168)),
                Objects.requireNonNullElse(p.interval(), Duration.ofHours(24)),
                Boolean.TRUE.equals(p.dryrun()),
                readOnly != null && Boolean.TRUE.equals(readOnly.enabled()));
    }

    void check(ConfigTree tree) {
        if (uploadPurging && uploadPurgingInterval.isZero()) {
            tree.problem("storage.maintenance.uploadpurging.interval", null, "is 0, but upload purging needs a period:"
                    + " use a duration such as 24h, or set storage.maintenance.uploadpurging.enabled to false");
        }
    }
}
