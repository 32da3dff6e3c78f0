package dev.wharf.config;

/**
 * The {@code log} section.
 *
 * @param level {@code log.level}: {@code error}, {@code warn}, {@code info} (default) or
 *     {@code debug}, applied to Wharf's own loggers ({@code dev.wharf})
 */
public record LogConfig(String level) {}
