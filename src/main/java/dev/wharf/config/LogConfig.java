package dev.wharf.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/**
 * The {@code log} section.
 *
 * @param level {@code log.level}: {@code error}, {@code warn}, {@code info} (default) or
 *     {@code debug}, applied to Wharf's own loggers ({@code dev.wharf})
 */
public record LogConfig(String level) {

    /** distribution's levels, which Wharf maps onto java.util.logging. */
    static final List<String> LEVELS = List.of("error", "warn", "info", "debug");

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static LogConfig bind(@JsonProperty("level") String level) {
        // distribution lower-cases the level before checking it.
        return new LogConfig(level == null ? "info" : level.toLowerCase(Locale.ROOT));
    }

    void check(ConfigTree tree) {
        if (!LEVELS.contains(level)) {
            tree.problem("log.level", level, "but must be one of " + String.join(", ", LEVELS));
        }
    }
}
