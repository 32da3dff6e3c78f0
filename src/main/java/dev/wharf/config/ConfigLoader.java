package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Loads Wharf's configuration the way distribution does, plus JNDI in the middle:
 * <ol>
 *   <li>the YAML file named by JNDI {@code java:comp/env/registry/configuration}, else the
 *       environment variable {@code REGISTRY_CONFIGURATION_PATH}, else the system property
 *       {@code registry.configuration} (none named: defaults only);
 *   <li>JNDI entries below {@code java:comp/env/registry/}, whose {@code /}-separated names are
 *       key paths ({@code storage/filesystem/rootdirectory});
 *   <li>environment variables {@code REGISTRY_<KEY>_<KEY>...} ({@code REGISTRY_LOG_LEVEL}),
 *       lower-cased, {@code _} between levels.
 * </ol>
 * Each source overrides the ones before it key by key. Keys are case-sensitive in the file and in
 * JNDI, as in distribution's YAML; environment variable names are lower-cased.
 */
public final class ConfigLoader {

    private static final String ENV_PREFIX = "REGISTRY_";

    private final ConfigSources sources;

    /** @param sources where to read from; {@link ConfigSources#system()} in production */
    public ConfigLoader(ConfigSources sources) {
        this.sources = sources;
    }

    /**
     * Reads all sources, merges, validates.
     *
     * @return the configuration with its provenance
     * @throws ConfigException listing every problem found: first those reading the sources (a named
     *     file that is missing, unreadable or not YAML; unreadable JNDI), else every invalid value
     */
    public LoadedConfig load() {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Object> jndi = readJndi(problems);
        ConfigTree tree = new ConfigTree();
        Optional<ConfigFile> file = ConfigFile.locate(jndi, sources, problems);
        file.flatMap(f -> f.read(problems)).ifPresent(document -> tree.merge(document, Origin.file(file.get().path())));
        applyJndi(jndi, tree, notes);
        applyEnv(tree, notes);
        if (!problems.isEmpty()) {
            // Checking values without the file would report problems that are only its absence.
            throw new ConfigException(problems);
        }
        return ConfigMapper.map(tree, file, sources, notes);
    }

    private Map<String, Object> readJndi(List<String> problems) {
        try {
            return new TreeMap<>(sources.jndi().entries());
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return Map.of();
        }
    }

    private static void applyJndi(Map<String, Object> jndi, ConfigTree tree, List<String> notes) {
        // Sorted (the map is a TreeMap), so a parent is set before its children, as with env below.
        jndi.forEach((name, value) -> {
            if (name.equals(ConfigFile.JNDI_NAME)) {
                return;
            }
            Origin origin = Origin.jndi(name);
            List<String> parts = new ArrayList<>();
            for (String part : name.split("/")) {
                if (!part.isEmpty()) {
                    parts.add(part);
                }
            }
            JsonNode node = jndiValue(value);
            if (node == null) {
                notes.add(origin + ": a " + value.getClass().getName()
                        + ", not a String, Boolean or number, so not a configuration value");
            } else if (!parts.isEmpty()) {
                set(tree, new KeyPath(parts), node, origin, notes);
            }
        });
    }

    private static JsonNode jndiValue(Object value) {
        if (value instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (value instanceof String || value instanceof Number || value instanceof Character) {
            // Kept as text: the section readers convert text as YAML would, whatever the source.
            return TextNode.valueOf(value.toString());
        }
        return null;
    }

    private void applyEnv(ConfigTree tree, List<String> notes) {
        // Sorted by name as distribution does, so REGISTRY_STORAGE=inmemory is applied before, and
        // then refined by, REGISTRY_STORAGE_DELETE_ENABLED.
        new TreeMap<>(sources.env()).forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || name.equals(ConfigFile.ENV_NAME)) {
                return;
            }
            Origin origin = Origin.env(name);
            String[] parts = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).split("_", -1);
            for (String part : parts) {
                if (part.isEmpty()) {
                    notes.add(origin + ": an empty key between \"_\" separators, so it names no key");
                    return;
                }
            }
            set(tree, new KeyPath(List.of(parts)), TextNode.valueOf(value), origin, notes);
        });
    }

    private static void set(ConfigTree tree, KeyPath key, JsonNode value, Origin origin, List<String> notes) {
        try {
            tree.set(key, value, origin);
        } catch (IllegalArgumentException e) {
            notes.add(origin + ": " + e.getMessage());
        }
    }
}
