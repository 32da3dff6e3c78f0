package dev.wharf.config;

import java.nio.file.Path;

/**
 * Where a configuration value came from, so that logs and error messages tell an operator which of
 * several places to edit.
 *
 * @param description as logged: {@code file /etc/wharf/config.yml}, {@code JNDI
 *     java:comp/env/registry/log/level}, {@code env REGISTRY_LOG_LEVEL}, {@code system property
 *     registry.configuration}, {@code default} or {@code default: <why>}
 */
public record Origin(String description) {

    /** The JNDI context whose entries configure Wharf. */
    public static final String JNDI_BASE = "java:comp/env/registry";

    /** The YAML file at {@code file}. */
    public static Origin file(Path file) {
        return new Origin("file " + file);
    }

    /** The JNDI entry {@code relativeName} below {@link #JNDI_BASE}, e.g. {@code storage/delete/enabled}. */
    public static Origin jndi(String relativeName) {
        return new Origin("JNDI " + JNDI_BASE + "/" + relativeName);
    }

    /** The environment variable {@code variable}. */
    public static Origin env(String variable) {
        return new Origin("env " + variable);
    }

    /** The Java system property {@code property}. */
    public static Origin systemProperty(String property) {
        return new Origin("system property " + property);
    }

    /** Wharf's default, applied because of {@code reason} (may be empty). */
    public static Origin defaulted(String reason) {
        return new Origin(reason.isEmpty() ? "default" : "default: " + reason);
    }

    /** As written after a value in logs: {@code (from env REGISTRY_HTTP_PREFIX)}, {@code (default)}. */
    public String parenthesized() {
        return description.startsWith("default") ? "(" + description + ")" : "(from " + description + ")";
    }

    @Override
    public String toString() {
        return description;
    }
}
