package dev.wharf.config;

import java.util.Map;

/**
 * Reads the JNDI entries that configure Wharf, those below {@code java:comp/env/registry/}
 * ({@link Origin#JNDI_BASE}). An interface so that the loader can be tested with a plain map
 * instead of a naming service.
 */
@FunctionalInterface
public interface JndiReader {

    /**
     * Every entry bound below {@code java:comp/env/registry/}, keyed by its name relative to that
     * context with {@code /} between the parts, e.g. {@code storage/filesystem/rootdirectory} or
     * {@code configuration}. Values are what JNDI returns (usually {@code String}, sometimes
     * {@code Boolean} or a number, when the server declares a type).
     *
     * @return the entries in any order; empty when there is no JNDI (a plain JVM, a unit test) or
     *     nothing is bound below that name
     * @throws ConfigException when JNDI exists but the entries cannot be read
     */
    Map<String, Object> entries();

    /** A reader for a JVM without JNDI. */
    static JndiReader none() {
        return Map::of;
    }
}
