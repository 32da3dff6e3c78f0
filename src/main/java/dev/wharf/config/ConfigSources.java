package dev.wharf.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything the loader reads from the outside world, gathered so that tests pass hand-written
 * values instead of the real process environment.
 *
 * @param env environment variables ({@code REGISTRY_*}, {@code REGISTRY_CONFIGURATION_PATH},
 *     {@code XDG_DATA_HOME})
 * @param systemProperties Java system properties ({@code registry.configuration},
 *     {@code user.home})
 * @param jndi the JNDI entries below {@code java:comp/env/registry/}
 */
public record ConfigSources(
        Map<String, String> env, Map<String, String> systemProperties, JndiReader jndi) {

    public ConfigSources {
        env = Map.copyOf(env);
        systemProperties = Map.copyOf(systemProperties);
        Objects.requireNonNull(jndi, "jndi");
    }

    /** The running JVM's: {@link System#getenv()}, {@link System#getProperties()} and the server's JNDI. */
    public static ConfigSources system() {
        return new ConfigSources(System.getenv(), toMap(System.getProperties()), new InitialContextJndiReader());
    }

    /** The string-valued entries of {@code properties}; others are not configuration. */
    public static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return map;
    }
}
