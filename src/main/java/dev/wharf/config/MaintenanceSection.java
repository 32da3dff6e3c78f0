package dev.wharf.config;

import java.time.Duration;
import java.util.Optional;

/** Reads and checks {@code storage.maintenance} into a {@link MaintenanceConfig}. */
final class MaintenanceSection {
    static final Duration DEFAULT_AGE = Duration.ofHours(168);
    static final Duration DEFAULT_INTERVAL = Duration.ofHours(24);

    private MaintenanceSection() {}

    /** @return the section; meaningless when problems were recorded */
    static MaintenanceConfig read(Section root) {
        // "storage: inmemory" (a plain string, as distribution allows) has no maintenance keys.
        com.fasterxml.jackson.databind.JsonNode storage = root.raw("storage");
        Optional<Section> maintenance = storage != null && storage.isObject()
                ? root.section("storage").flatMap(section -> section.section("maintenance"))
                : Optional.empty();
        if (maintenance.isEmpty()) {
            return new MaintenanceConfig(true, DEFAULT_AGE, DEFAULT_INTERVAL, false, false);
        }
        Optional<Section> purging = maintenance.get().section("uploadpurging");
        boolean enabled = purging.map(p -> p.bool("enabled", true)).orElse(true);
        Duration age = purging.map(p -> duration(p, "age", DEFAULT_AGE)).orElse(DEFAULT_AGE);
        Duration interval = purging.map(p -> duration(p, "interval", DEFAULT_INTERVAL)).orElse(DEFAULT_INTERVAL);
        boolean dryRun = purging.map(p -> p.bool("dryrun", false)).orElse(false);
        if (enabled && interval.isZero()) {
            purging.get().problem("interval", "is 0, but upload purging needs a period: use a duration such as 24h,"
                    + " or set storage.maintenance.uploadpurging.enabled to false");
        }
        boolean readOnly = maintenance.get().section("readonly").map(r -> r.bool("enabled", false)).orElse(false);
        return new MaintenanceConfig(enabled, age, interval, dryRun, readOnly);
    }

    private static Duration duration(Section section, String key, Duration defaultValue) {
        Optional<String> text = section.text(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Optional<Duration> parsed = Durations.parse(text.get());
        if (parsed.isEmpty()) {
            section.problem(key, "is " + section.show(key, text.get()) + ", but must be a duration such as 30m, 24h or 168h");
            return defaultValue;
        }
        return parsed.get();
    }
}
