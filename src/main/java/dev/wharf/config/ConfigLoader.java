package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Each source overrides the ones before it key by key, in one {@link ConfigTree}, which
 * {@link ConfigBinder} binds onto the records. Keys are case-sensitive in the file and in JNDI, as
 * in distribution's YAML; environment variable names are lower-cased.
 */
public final class ConfigLoader {

    private static final String ENV_PREFIX = "REGISTRY_";

    private final ConfigSources sources;

    /** @param sources where to read from; {@link ConfigSources#system()} in production */
    public ConfigLoader(ConfigSources sources) {
        this.sources = sources;
    }

    /**
     * Reads all sources, merges, binds, validates.
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
        jndi.forEach((name, value) -> applyJndi(name, value, tree, notes));
        // Sorted by name as distribution does, so REGISTRY_STORAGE=inmemory is applied before, and
        // then refined by, REGISTRY_STORAGE_DELETE_ENABLED.
        new TreeMap<>(sources.env()).forEach((name, value) -> applyEnv(name, value, tree, notes));
        if (!problems.isEmpty()) {
            // Checking values without the file would report problems that are only its absence.
            throw new ConfigException(problems);
        }
        Problems invalid = new Problems(tree);
        RegistryConfig config = ConfigBinder.bind(tree, invalid);
        Origin defaulted = Origin.defaulted(tree.leaves().isEmpty() && file.isEmpty() ? "no configuration given" : "");
        Origin rootDefault = null;
        if (config.storage().driver() == StorageConfig.Driver.FILESYSTEM && config.storage().rootDirectory() == null) {
            Optional<DefaultRoot> root = defaultRoot(defaulted, invalid);
            rootDefault = root.map(DefaultRoot::origin).orElse(null);
            config = config.with(new StorageConfig(StorageConfig.Driver.FILESYSTEM, root.map(DefaultRoot::path).orElse(null),
                    config.storage().deleteEnabled()));
        }
        config.check(invalid);
        invalid.throwIfAny();
        return new LoadedConfig(config, file, tree, defaulted, rootDefault, notes);
    }

    private Map<String, Object> readJndi(List<String> problems) {
        try {
            // Sorted, so a parent is set before its children, as with the environment.
            return new TreeMap<>(sources.jndi().entries());
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return Map.of();
        }
    }

    private static void applyJndi(String name, Object value, ConfigTree tree, List<String> notes) {
        List<String> parts = Arrays.stream(name.split("/")).filter(part -> !part.isEmpty()).toList();
        Origin origin = Origin.jndi(name);
        if (name.equals(ConfigFile.JNDI_NAME) || parts.isEmpty()) {
            return;
        }
        if (value instanceof Boolean b) {
            set(tree, parts, BooleanNode.valueOf(b), origin, notes);
        } else if (value instanceof String || value instanceof Number || value instanceof Character) {
            set(tree, parts, TextNode.valueOf(value.toString()), origin, notes);
        } else {
            notes.add(origin + ": a " + value.getClass().getName()
                    + ", not a String, Boolean or number, so not a configuration value");
        }
    }

    private static void applyEnv(String name, String value, ConfigTree tree, List<String> notes) {
        if (!name.startsWith(ENV_PREFIX) || name.equals(ConfigFile.ENV_NAME)) {
            return;
        }
        List<String> parts = List.of(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).split("_", -1));
        if (parts.contains("")) {
            notes.add(Origin.env(name) + ": an empty key between \"_\" separators, so it names no key");
        } else {
            set(tree, parts, TextNode.valueOf(value), Origin.env(name), notes);
        }
    }

    private static void set(ConfigTree tree, List<String> parts, JsonNode value, Origin origin, List<String> notes) {
        try {
            tree.set(parts, value, origin);
        } catch (IllegalArgumentException e) {
            notes.add(origin + ": " + e.getMessage());
        }
    }

    private record DefaultRoot(Path path, Origin origin) {}

    /** XDG's data directory, where a desktop or developer install would look; servers should configure one. */
    private Optional<DefaultRoot> defaultRoot(Origin defaulted, Problems problems) {
        String prefix = defaulted.name().isEmpty() ? "" : defaulted.name() + "; ";
        String xdg = sources.env().get("XDG_DATA_HOME");
        String home = sources.systemProperties().get("user.home");
        // The XDG Base Directory spec says to ignore a relative XDG_DATA_HOME; Java reports
        // user.home as "?" when the user has no passwd entry, as in some containers.
        if (absolute(xdg) != null) {
            return Optional.of(new DefaultRoot(absolute(xdg).resolve("wharf"), Origin.defaulted(prefix + "$XDG_DATA_HOME/wharf")));
        }
        if (absolute(home) != null) {
            return Optional.of(new DefaultRoot(absolute(home).resolve(".local/share/wharf"),
                    Origin.defaulted(prefix + "${user.home}/.local/share/wharf")));
        }
        problems.add("storage.filesystem.rootdirectory is not set, and there is no default: XDG_DATA_HOME is "
                + (xdg == null ? "unset" : '"' + xdg + '"') + " and user.home is " + (home == null ? "unset" : '"' + home + '"')
                + ", neither an absolute path; set storage.filesystem.rootdirectory (or the environment variable"
                + " REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY) to an absolute directory such as /var/lib/registry");
        return Optional.empty();
    }

    private static Path absolute(String value) {
        try {
            Path path = value == null || value.isBlank() ? null : Path.of(value.strip());
            return path != null && path.isAbsolute() ? path : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
