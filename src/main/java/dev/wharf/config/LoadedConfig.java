package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The result of loading: the validated {@link RegistryConfig}, plus what an operator needs to
 * trust it: which file was read, where each value came from, and which keys had no effect.
 * Holds no secrets: values of arbitrary keys are kept only as redacted display text.
 */
public final class LoadedConfig {

    private final RegistryConfig config;
    private final Optional<ConfigFile> file;
    /** Where each value Wharf uses came from, defaults included, by dotted key. */
    private final Map<String, Origin> settled;
    /** Where each key somebody set came from, by dotted key, in the order they were set. */
    private final Map<String, Origin> set;
    private final List<String> settingLines;
    private final List<String> ignoredKeys;
    private final Optional<String> ignoredKeysWarning;

    LoadedConfig(RegistryConfig config, Optional<ConfigFile> file, Reading reading, List<String> notes) {
        this.config = config;
        this.file = file;
        Map<String, Origin> settledByKey = new HashMap<>();
        reading.settled().forEach((key, origin) -> settledByKey.put(key.toString(), origin));
        this.settled = Map.copyOf(settledByKey);
        Map<String, Origin> setByKey = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        reading.tree().leaves().forEach((key, origin) -> {
            setByKey.put(key.toString(), origin);
            lines.add(key + " = " + display(key, reading.tree().node(key)) + " " + origin.parenthesized());
        });
        this.set = Collections.unmodifiableMap(setByKey);
        this.settingLines = List.copyOf(lines);
        List<KeyPath> ignored = reading.ignored();
        List<String> ignoredNames = new ArrayList<>();
        ignored.forEach(key -> ignoredNames.add(key.toString()));
        this.ignoredKeys = List.copyOf(ignoredNames);
        this.ignoredKeysWarning = warning(reading.tree(), ignored, notes);
    }

    /** The validated configuration. */
    public RegistryConfig config() {
        return config;
    }

    /** The YAML file that was read, absolute; empty when none was named. */
    public Optional<Path> configFile() {
        return file.map(ConfigFile::path);
    }

    /** The JNDI entry, environment variable or system property that named the file; empty when none did. */
    public Optional<Origin> configFileNamedBy() {
        return file.map(ConfigFile::namedBy);
    }

    /**
     * Where the value of {@code key} came from, e.g. {@code origin("storage.filesystem.rootdirectory")}.
     * For keys Wharf uses this is the effective value's origin, a default included; for others,
     * the source that set the key.
     *
     * @param key dotted, as in the YAML file ({@code storage.delete.enabled})
     * @return empty for keys nobody set and Wharf does not use
     */
    public Optional<Origin> origin(String key) {
        Origin origin = settled.get(key);
        return Optional.ofNullable(origin != null ? origin : set.get(key));
    }

    /** The keys set in some source that Wharf does not use (yet), most general first ({@code health}, not {@code health.storagedriver.enabled}). */
    public List<String> ignoredKeys() {
        return ignoredKeys;
    }

    /**
     * One warning, to be logged once at startup, listing the keys Wharf ignored (grouped by where
     * they were set) and any JNDI entries or environment variables it could not interpret; empty
     * when there are none.
     */
    public Optional<String> ignoredKeysWarning() {
        return ignoredKeysWarning;
    }

    /**
     * A few lines for the startup log: which file was read (or that none was named), the storage
     * driver and its root directory, whether deletes are enabled, the HTTP prefix and the log level,
     * each with where it came from, e.g.
     * {@code storage: filesystem at /srv/registry (from env REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY)}.
     */
    public String summary() {
        StringBuilder out = new StringBuilder("Wharf configuration:");
        line(out, "configuration file: " + fileDescription());
        StorageConfig storage = config.storage();
        if (storage.driver() == StorageConfig.Driver.FILESYSTEM) {
            line(out, "storage: filesystem at " + storage.rootDirectory() + " "
                    + settledOrigin(StorageSection.ROOT_DIRECTORY).parenthesized());
        } else {
            line(out, "storage: inmemory, lost when Wharf stops " + settledOrigin(StorageSection.DRIVER).parenthesized());
        }
        line(out, "delete enabled: " + storage.deleteEnabled() + " "
                + settledOrigin(StorageSection.DELETE_ENABLED).parenthesized());
        HttpConfig http = config.http();
        line(out, "http prefix: " + http.prefix() + " " + settledOrigin(HttpSection.PREFIX).parenthesized());
        if (http.relativeUrls()) {
            line(out, "relative URLs: true " + settledOrigin(HttpSection.RELATIVE_URLS).parenthesized());
        }
        http.host().ifPresent(host -> line(out, "external URL: " + host + " " + settledOrigin(HttpSection.HOST).parenthesized()));
        line(out, "log level: " + config.log().level() + " " + settledOrigin(LogSection.LEVEL).parenthesized());
        ProxyConfig proxy = config.proxy();
        if (proxy.enabled()) {
            line(out, "mirror of " + proxy.remoteUrl().get() + " (read-only; "
                    + (proxy.username().isPresent() ? "upstream user " + proxy.username().get() : "anonymous upstream access")
                    + ", ttl " + proxy.ttl() + ", tag freshness " + proxy.tagFreshness()
                    + (proxy.maxSize().isPresent() ? ", disk budget " + proxy.maxSize().getAsLong() + " bytes" : ", no disk budget")
                    + ")");
        }
        MaintenanceConfig maintenance = config.maintenance();
        if (maintenance.readOnly()) {
            line(out, "read-only: every write answers 405 (storage.maintenance.readonly.enabled)");
        }
        if (maintenance.uploadPurging()) {
            line(out, "upload purging: uploads older than " + maintenance.uploadPurgingAge() + " removed every "
                    + maintenance.uploadPurgingInterval() + (maintenance.uploadPurgingDryRun() ? " (dry run: only logged)" : ""));
        }
        if (!ignoredKeys.isEmpty()) {
            line(out, "ignored keys: " + ignoredKeys.size() + ", listed in a warning");
        }
        return out.toString();
    }

    /**
     * Every key somebody set, with its value and origin, one per line, for debugging; values of
     * keys that may be secrets (passwords, secrets, tokens, keys, anything under {@code auth})
     * show as {@code <redacted>}.
     */
    public String settings() {
        StringBuilder out = new StringBuilder("Wharf configuration keys set (secrets redacted):");
        if (settingLines.isEmpty()) {
            line(out, "none");
        }
        settingLines.forEach(setting -> line(out, setting));
        return out.toString();
    }

    @Override
    public String toString() {
        return summary();
    }

    private String fileDescription() {
        if (file.isEmpty()) {
            return "none (" + Origin.jndi(ConfigFile.JNDI_NAME) + ", env " + ConfigFile.ENV_NAME
                    + " and system property " + ConfigFile.PROPERTY_NAME + " are unset)";
        }
        ConfigFile f = file.get();
        String description = f.path() + " (named by " + f.namedBy();
        if (!f.overridden().isEmpty()) {
            description += "; it overrides " + String.join(", ", f.overridden());
        }
        return description + ")";
    }

    private Origin settledOrigin(KeyPath key) {
        return settled.getOrDefault(key.toString(), Origin.defaulted(""));
    }

    private static void line(StringBuilder out, String line) {
        out.append("\n  ").append(line);
    }

    private static String display(KeyPath key, JsonNode node) {
        if (Secrets.isSecret(key)) {
            return Secrets.REDACTED;
        }
        if (node == null || node.isNull()) {
            return "(empty)";
        }
        if (node.isContainerNode()) {
            return node.isArray() ? "[]" : "{}";
        }
        return '"' + node.asText() + '"';
    }

    private static Optional<String> warning(ConfigTree tree, List<KeyPath> ignored, List<String> notes) {
        if (ignored.isEmpty() && notes.isEmpty()) {
            return Optional.empty();
        }
        Map<Origin, List<String>> byOrigin = new LinkedHashMap<>();
        for (KeyPath key : ignored) {
            Set<Origin> origins = tree.originsWithin(key);
            for (Origin origin : origins) {
                byOrigin.computeIfAbsent(origin, o -> new ArrayList<>()).add(key.toString());
            }
        }
        StringBuilder out = new StringBuilder();
        if (!byOrigin.isEmpty()) {
            out.append("Wharf does not use these configuration keys (yet), so they have no effect:");
            byOrigin.forEach((origin, keys) -> line(out, "from " + origin + ": " + String.join(", ", keys)));
        }
        if (!notes.isEmpty()) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append("Wharf skipped these configuration entries:");
            notes.forEach(note -> line(out, note));
        }
        return Optional.of(out.toString());
    }
}
