package dev.wharf.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;

/** Hand-written configuration sources for tests: nothing is read from the real environment. */
public final class TestSources {

    private final Map<String, String> env = new HashMap<>();
    private final Map<String, String> properties = new HashMap<>(Map.of("user.home", "/home/alice"));
    private final Map<String, Object> jndi = new HashMap<>();

    public TestSources env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public TestSources property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    public TestSources noProperty(String name) {
        properties.remove(name);
        return this;
    }

    /** @param name relative to java:comp/env/registry/ */
    public TestSources jndi(String name, Object value) {
        jndi.put(name, value);
        return this;
    }

    public ConfigSources build() {
        Map<String, Object> entries = Map.copyOf(jndi);
        return new ConfigSources(env, properties, () -> entries);
    }

    LoadedConfig load() {
        return new ConfigLoader(build()).load();
    }

    ConfigException fail() {
        return assertThrows(ConfigException.class, this::load);
    }
}
