package dev.wharf.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads and checks the {@code log} section into a {@link LogConfig}. */
final class LogSection {

    /** distribution's levels, which Wharf maps onto java.util.logging. */
    static final List<String> LEVELS = List.of("error", "warn", "info", "debug");

    static final KeyPath LEVEL = KeyPath.of("log", "level");

    private LogSection() {}

    /** @return the section; meaningless when problems were recorded */
    static LogConfig read(Section root) {
        Optional<Section> log = root.section("log");
        if (log.isEmpty()) {
            root.settle(LEVEL, root.defaultOrigin());
            return new LogConfig("info");
        }
        Section section = log.get();
        // distribution lower-cases the level before checking it.
        String level = section.text("level", "info").toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            section.problem("level", "is " + section.show("level", level) + ", but must be one of "
                    + String.join(", ", LEVELS));
        }
        return new LogConfig(level);
    }
}
