package dev.wharf.config;

import java.time.Duration;

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
        boolean readOnly) {}
