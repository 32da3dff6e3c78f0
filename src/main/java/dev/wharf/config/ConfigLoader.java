package dev.wharf.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 *       {@code registry.configuration} (blank counts as unset; none named: defaults only);
 *   <li>JNDI entries below {@code java:comp/env/registry/}, whose {@code /}-separated names are
 *       key paths ({@code storage/filesystem/rootdirectory});
 *   <li>environment variables {@code REGISTRY_<KEY>_<KEY>...} ({@code REGISTRY_LOG_LEVEL}),
 *       lower-cased, {@code _} between levels.
 * </ol>
 * Each source overrides the ones before it key by key, in one {@link ConfigTree}, which
 * {@link ConfigBinder} binds onto the records. Keys are case-sensitive in the file and in JNDI, as
 * in distribution's YAML.
 */
public final class ConfigLoader {

    /** The file that was read, and what named it. */
    record ConfigFile(Path path, Origin namedBy, List<String> overridden) {}

    private static final String JNDI_NAME = "configuration";
    private static final String ENV_NAME = "REGISTRY_CONFIGURATION_PATH";
    private static final String PROPERTY_NAME = "registry.configuration";
    /** Where the startup summary says no file was named. */
    static final String FILE_NAMES = Origin.jndi(JNDI_NAME) + ", env " + ENV_NAME + " and system property " + PROPERTY_NAME;
    // Duplicate keys are almost always a paste error; distribution's YAML library rejects them too.
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

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
        ConfigTree tree = new ConfigTree();
        List<String> notes = new ArrayList<>();
        // Sorted, here and for the environment, so a parent is set before its children:
        // REGISTRY_STORAGE=inmemory is applied before, and refined by, REGISTRY_STORAGE_DELETE_ENABLED.
        Map<String, Object> jndi = new TreeMap<>();
        try {
            jndi.putAll(sources.jndi().get());
        } catch (ConfigException e) {
            e.problems().forEach(tree::problem);
        }
        Optional<ConfigFile> file = locate(jndi.remove(JNDI_NAME), tree);
        file.ifPresent(f -> read(f, tree));
        jndi.forEach((name, value) -> {
            if (value instanceof String || value instanceof Boolean || value instanceof Number || value instanceof Character) {
                tree.set(List.of(name.split("/")), TextNode.valueOf(value.toString()), Origin.jndi(name));
            } else {
                notes.add(Origin.jndi(name) + ": a " + value.getClass().getName()
                        + ", not a String, Boolean or number, so not a configuration value");
            }
        });
        new TreeMap<>(sources.env()).forEach((name, value) -> {
            List<String> path = List.of(name.replaceFirst("^REGISTRY_", "").toLowerCase(Locale.ROOT).split("_", -1));
            if (!name.startsWith("REGISTRY_") || name.equals(ENV_NAME)) {
                return;
            } else if (path.contains("")) {
                notes.add(Origin.env(name) + ": an empty key between \"_\" separators, so it names no key");
            } else {
                tree.set(path, TextNode.valueOf(value), Origin.env(name));
            }
        });
        // Checking values without the file would report problems that are only its absence.
        tree.throwIfProblems();
        String defaulted = tree.leaves().isEmpty() && file.isEmpty() ? "no configuration given" : "";
        List<String> ignored = new ArrayList<>();
        RegistryConfig config = ConfigBinder.bind(tree, ignored);
        if (config.storage().driver() == StorageConfig.Driver.FILESYSTEM && config.storage().rootDirectory() == null) {
            config = config.with(new StorageConfig(StorageConfig.Driver.FILESYSTEM, defaultRoot(defaulted, tree),
                    config.storage().deleteEnabled()));
        }
        config.check(tree);
        tree.throwIfProblems();
        return LoadedConfig.of(config, file, tree, Origin.defaulted(defaulted), ignored, notes);
    }

    /** Which file the operator named, if any: the JNDI entry, else the environment variable, else the system property. */
    private Optional<ConfigFile> locate(Object fromJndi, ConfigTree tree) {
        Map<Origin, String> named = new LinkedHashMap<>();
        named.put(Origin.jndi(JNDI_NAME), fromJndi == null ? null : fromJndi.toString());
        named.put(Origin.env(ENV_NAME), sources.env().get(ENV_NAME));
        named.put(Origin.systemProperty(PROPERTY_NAME), sources.systemProperties().get(PROPERTY_NAME));
        named.values().removeIf(value -> value == null || value.isBlank());
        List<String> overridden = named.entrySet().stream().skip(1).map(entry -> entry.getKey() + "=" + entry.getValue()).toList();
        return named.entrySet().stream().findFirst().flatMap(first -> {
            try {
                // Relative paths resolve against the server's working directory; the summary shows the result.
                return Optional.of(new ConfigFile(Path.of(first.getValue().strip()).toAbsolutePath(), first.getKey(), overridden));
            } catch (InvalidPathException e) {
                tree.problem("The configuration file \"" + first.getValue() + "\" named by " + first.getKey()
                        + " is not a valid path (" + e.getReason() + "); set it to the path of the YAML file");
                return Optional.empty();
            }
        });
    }

    /** Merges the file's top-level mapping (nothing for an empty file), or adds a problem naming the file and what named it. */
    private static void read(ConfigFile file, ConfigTree tree) {
        String which = "Configuration file " + file.path() + " (named by " + file.namedBy() + ")";
        String fix = "; fix the file, or point " + file.namedBy() + " at another one";
        try {
            if (Files.isDirectory(file.path())) {
                tree.problem(which + " is a directory; name the YAML file itself, e.g. " + file.path().resolve("config.yml"));
                return;
            }
            JsonNode document = YAML.readTree(Files.readAllBytes(file.path()));
            if (document instanceof ObjectNode mapping) {
                tree.merge(mapping, Origin.file(file.path()));
            } else if (document != null && !document.isMissingNode() && !document.isNull()) {
                tree.problem(which + " must hold a YAML mapping (\"key: value\" lines) at the top level, but holds a "
                        + document.getNodeType().toString().toLowerCase(Locale.ROOT) + fix);
            }
        } catch (NoSuchFileException e) {
            tree.problem(which + " does not exist; create it, or change or unset " + file.namedBy());
        } catch (JacksonException e) {
            // The parser's own text comes last: SnakeYAML's spans lines and points at the spot with a caret.
            String message = e.getOriginalMessage().strip();
            boolean located = e.getLocation() != null && e.getLocation().getLineNr() > 0 && !message.contains("line ");
            tree.problem(which + " is not valid YAML" + fix + ":\n" + message + (located ? " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : ""));
        } catch (IOException e) {
            tree.problem(which + " cannot be read (" + e + ")" + fix);
        }
    }

    /** XDG's data directory, where a desktop or developer install would look; servers should configure one. */
    private Path defaultRoot(String defaulted, ConfigTree tree) {
        String xdg = sources.env().get("XDG_DATA_HOME");
        String home = sources.systemProperties().get("user.home");
        // The XDG Base Directory spec says to ignore a relative XDG_DATA_HOME; Java reports
        // user.home as "?" when the user has no passwd entry, as in some containers.
        Path root = absolute(xdg, "wharf");
        String why = root != null ? "$XDG_DATA_HOME/wharf" : "${user.home}/.local/share/wharf";
        root = root != null ? root : absolute(home, ".local/share/wharf");
        if (root == null) {
            tree.problem("storage.filesystem.rootdirectory is not set, and there is no default: XDG_DATA_HOME is "
                    + (xdg == null ? "unset" : '"' + xdg + '"') + " and user.home is " + (home == null ? "unset" : '"' + home
                    + '"') + ", neither an absolute path; set storage.filesystem.rootdirectory (or the environment variable"
                    + " REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY) to an absolute directory such as /var/lib/registry");
        } else {
            tree.set(List.of("storage", "filesystem", "rootdirectory"), TextNode.valueOf(root.toString()),
                    Origin.defaulted(defaulted.isEmpty() ? why : defaulted + "; " + why));
        }
        return root;
    }

    /** {@code value}/{@code below} if {@code value} is an absolute path, else null. */
    private static Path absolute(String value, String below) {
        try {
            Path path = value == null || value.isBlank() ? null : Path.of(value.strip());
            return path != null && path.isAbsolute() ? path.resolve(below) : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
