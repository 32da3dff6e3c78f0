package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.config.StorageConfig.Driver;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and checks the {@code storage} section into a {@link StorageConfig}. */
final class StorageSection {

    /** Keys of {@code storage} that configure the storage layer rather than name a driver, as in distribution. */
    private static final Set<String> NOT_DRIVERS = Set.of("delete", "maintenance", "cache", "redirect", "tag");

    static final KeyPath DRIVER = KeyPath.of("storage");
    static final KeyPath ROOT_DIRECTORY = KeyPath.of("storage", "filesystem", "rootdirectory");
    static final KeyPath DELETE_ENABLED = KeyPath.of("storage", "delete", "enabled");

    private StorageSection() {}

    /**
     * @param env for {@code XDG_DATA_HOME}, part of the default root directory
     * @param systemProperties for {@code user.home}, part of the default root directory
     * @return the section; meaningless when problems were recorded
     */
    static StorageConfig read(Section root, Map<String, String> env, Map<String, String> systemProperties) {
        JsonNode raw = root.raw("storage");
        if (raw != null && raw.isTextual() && !raw.asText().isBlank()) {
            // distribution reads "storage: inmemory" as that driver with no parameters.
            root.use("storage");
            root.settle(DRIVER, root.origin("storage"));
            Driver driver = driver(root, "storage", raw.asText().strip());
            root.settle(DELETE_ENABLED, root.defaultOrigin());
            return build(root, driver, null, false, env, systemProperties);
        }
        Optional<Section> storage = root.section("storage");
        List<String> drivers = new ArrayList<>();
        storage.ifPresent(s -> s.keys().stream().filter(key -> !NOT_DRIVERS.contains(key)).forEach(drivers::add));
        Optional<Section> delete = storage.flatMap(s -> s.section("delete"));
        boolean deleteEnabled = delete.map(d -> d.bool("enabled", false)).orElse(false);
        if (delete.isEmpty()) {
            root.settle(DELETE_ENABLED, root.defaultOrigin());
        }
        if (drivers.isEmpty()) {
            root.settle(DRIVER, root.defaultOrigin());
            return build(root, Driver.FILESYSTEM, null, deleteEnabled, env, systemProperties);
        }
        Section section = storage.get();
        if (drivers.size() > 1) {
            drivers.forEach(section::use);
            List<String> named = new ArrayList<>();
            drivers.forEach(name -> named.add(section.describe(name)));
            root.problem(String.join(" and ", named) + (drivers.size() == 2 ? " are both set" : " are all set")
                    + ", but Wharf uses exactly one storage driver; remove all but one. To switch drivers from the environment, set REGISTRY_STORAGE to the"
                    + " driver's name (e.g. REGISTRY_STORAGE=inmemory): it replaces the whole storage section"
                    + " of the file, as in distribution");
            return new StorageConfig(Driver.FILESYSTEM, null, deleteEnabled);
        }
        String name = drivers.get(0);
        root.settle(DRIVER, section.origin(name));
        Driver driver = driver(section, name, name);
        Section parameters = driver == null ? null : section.section(name).orElse(null);
        return build(root, driver, parameters, deleteEnabled, env, systemProperties);
    }

    private static StorageConfig build(Section root, Driver driver, Section parameters, boolean deleteEnabled,
            Map<String, String> env, Map<String, String> systemProperties) {
        if (driver == Driver.FILESYSTEM) {
            return new StorageConfig(driver, rootDirectory(root, parameters, env, systemProperties), deleteEnabled);
        }
        // inmemory has no parameters; null stands for a driver Wharf lacks, already reported.
        return new StorageConfig(driver == null ? Driver.FILESYSTEM : driver, null, deleteEnabled);
    }

    /** The driver {@code name}, or null after recording a problem with {@code key} of {@code section}. */
    private static Driver driver(Section section, String key, String name) {
        switch (name) {
            case "filesystem":
                return Driver.FILESYSTEM;
            case "inmemory":
                return Driver.INMEMORY;
            default:
                section.use(key);
                section.problem(key, "names the storage driver \"" + name + "\", which Wharf does not have"
                        + " (yet); use storage.filesystem (with rootdirectory) or storage.inmemory");
                return null;
        }
    }

    private static Path rootDirectory(
            Section root, Section parameters, Map<String, String> env, Map<String, String> systemProperties) {
        Optional<String> configured = parameters == null ? Optional.empty() : parameters.text("rootdirectory");
        if (configured.isEmpty()) {
            return defaultRootDirectory(root, env, systemProperties);
        }
        String value = configured.get();
        String problem;
        try {
            Path path = Path.of(value);
            if (path.isAbsolute()) {
                return path;
            }
            problem = "which is not an absolute path; set it to an absolute directory such as /var/lib/registry"
                    + " (a relative path would depend on the server's working directory"
                    + (value.startsWith("~") ? ", and ~ is not expanded" : "") + ")";
        } catch (InvalidPathException e) {
            problem = "which is not a valid path (" + e.getReason() + "); set it to an absolute directory such as"
                    + " /var/lib/registry";
        }
        parameters.problem("rootdirectory", "is " + parameters.show("rootdirectory", value) + ", " + problem);
        return null;
    }

    /** XDG's data directory, where a desktop or developer install would look; servers should configure one. */
    private static Path defaultRootDirectory(
            Section root, Map<String, String> env, Map<String, String> systemProperties) {
        String reason = root.defaultOrigin().name();
        String prefix = reason.isEmpty() ? "" : reason + "; ";
        // The XDG Base Directory spec says to ignore a relative XDG_DATA_HOME.
        Optional<Path> xdg = absolute(env.get("XDG_DATA_HOME"));
        if (xdg.isPresent()) {
            root.settle(ROOT_DIRECTORY, Origin.defaulted(prefix + "$XDG_DATA_HOME/wharf"));
            return xdg.get().resolve("wharf");
        }
        // Java reports user.home as "?" when the user has no passwd entry, as in some containers.
        Optional<Path> home = absolute(systemProperties.get("user.home"));
        if (home.isPresent()) {
            root.settle(ROOT_DIRECTORY, Origin.defaulted(prefix + "${user.home}/.local/share/wharf"));
            return home.get().resolve(".local").resolve("share").resolve("wharf");
        }
        root.problem(ROOT_DIRECTORY + " is not set, and there is no default: XDG_DATA_HOME is "
                + describe(env.get("XDG_DATA_HOME")) + " and user.home is " + describe(systemProperties.get("user.home"))
                + ", neither an absolute path; set storage.filesystem.rootdirectory (or the environment variable"
                + " REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY) to an absolute directory such as /var/lib/registry");
        return null;
    }

    private static String describe(String value) {
        return value == null ? "unset" : '"' + value + '"';
    }

    private static Optional<Path> absolute(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(value.strip());
            return path.isAbsolute() ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
