package dev.wharf.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a configuration value came from, so that startup logs and error messages can tell an
 * operator which of several places to edit.
 *
 * @param kind the kind of place
 * @param name the file path, the full JNDI name, the environment variable or system property
 *     name; for {@link Kind#DEFAULT} why the default applies (may be empty)
 */
public record Origin(Kind kind, String name) {

    /** The kinds of place a value can come from, lowest precedence first; system properties only name the file. */
    public enum Kind { DEFAULT, FILE, JNDI, ENVIRONMENT, SYSTEM_PROPERTY }

    /** The JNDI context whose entries configure Wharf. */
    public static final String JNDI_BASE = "java:comp/env/registry";

    public Origin {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** The YAML file at {@code file}. */
    public static Origin file(Path file) {
        return new Origin(Kind.FILE, file.toString());
    }

    /** The JNDI entry {@code relativeName} below {@link #JNDI_BASE}, e.g. {@code storage/delete/enabled}. */
    public static Origin jndi(String relativeName) {
        return new Origin(Kind.JNDI, JNDI_BASE + "/" + relativeName);
    }

    /** The environment variable {@code variable}. */
    public static Origin env(String variable) {
        return new Origin(Kind.ENVIRONMENT, variable);
    }

    /** The Java system property {@code property}. */
    public static Origin systemProperty(String property) {
        return new Origin(Kind.SYSTEM_PROPERTY, property);
    }

    /** Wharf's default, applied because of {@code reason} (may be empty). */
    public static Origin defaulted(String reason) {
        return new Origin(Kind.DEFAULT, reason);
    }

    /**
     * The parenthesised form used after a value in logs: {@code (from env REGISTRY_HTTP_PREFIX)},
     * {@code (default: no configuration given)}, {@code (default)}.
     */
    public String parenthesized() {
        return kind == Kind.DEFAULT ? "(" + this + ")" : "(from " + this + ")";
    }

    /** E.g. {@code file /etc/wharf/config.yml}, {@code JNDI java:comp/env/registry/log/level}, {@code env REGISTRY_LOG_LEVEL}. */
    @Override
    public String toString() {
        return switch (kind) {
            case DEFAULT -> name.isEmpty() ? "default" : "default: " + name;
            case FILE -> "file " + name;
            case JNDI -> "JNDI " + name;
            case ENVIRONMENT -> "env " + name;
            case SYSTEM_PROPERTY -> "system property " + name;
        };
    }
}
