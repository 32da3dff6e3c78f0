package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The result of loading: the validated {@link RegistryConfig}, plus what an operator needs to
 * trust it: which file was read, where each value came from, and which keys had no effect.
 * Holds no secrets: values of arbitrary keys are kept only as redacted display text.
 */
public final class LoadedConfig {

    private final RegistryConfig config;
    private final Optional<ConfigLoader.ConfigFile> file;
    /** Where each key somebody set came from; keys Wharf uses set to null or blank count as defaults. */
    private final Map<String, Origin> origins = new HashMap<>();
    private final Origin defaulted;
    private final List<String> settingLines = new ArrayList<>();
    private final List<String> ignoredKeys;
    private final Optional<String> ignoredKeysWarning;

    LoadedConfig(RegistryConfig config, Optional<ConfigLoader.ConfigFile> file, ConfigTree tree, Origin defaulted,
            List<String> ignoredKeys, List<String> notes) {
        this.config = config;
        this.file = file;
        this.defaulted = defaulted;
        tree.leaves().forEach((path, leaf) -> {
            String key = String.join(".", path);
            if (!(ConfigTree.isBlank(leaf.value()) && ConfigBinder.isKnown(key))) {
                origins.put(key, leaf.origin());
            }
            settings(key, leaf.value(), leaf.origin());
        });
        this.ignoredKeys = List.copyOf(ignoredKeys);
        this.ignoredKeysWarning = warning(tree, ignoredKeys, notes);
    }

    /** The validated configuration. */
    public RegistryConfig config() {
        return config;
    }

    /** The YAML file that was read, absolute; empty when none was named. */
    public Optional<Path> configFile() {
        return file.map(ConfigLoader.ConfigFile::path);
    }

    /** The JNDI entry, environment variable or system property that named the file; empty when none did. */
    public Optional<Origin> configFileNamedBy() {
        return file.map(ConfigLoader.ConfigFile::namedBy);
    }

    /**
     * Where the value of {@code key} came from, e.g. {@code origin("storage.filesystem.rootdirectory")}.
     * For keys Wharf uses this is the effective value's origin, a default included ({@code storage}
     * is the driver's); for others, the source that set the key.
     *
     * @param key dotted, as in the YAML file ({@code storage.delete.enabled})
     * @return empty for keys nobody set and Wharf does not use
     */
    public Optional<Origin> origin(String key) {
        Origin found = key.equals("storage")
                ? origins.getOrDefault("storage." + config.storage().driver().name().toLowerCase(Locale.ROOT), origins.get(key))
                : origins.get(key);
        return Optional.ofNullable(found == null && ConfigBinder.isKnown(key) ? defaulted : found);
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
            line(out, "storage: filesystem at " + storage.rootDirectory() + " " + from("storage.filesystem.rootdirectory"));
        } else {
            line(out, "storage: inmemory, lost when Wharf stops " + from("storage"));
        }
        line(out, "delete enabled: " + storage.deleteEnabled() + " " + from("storage.delete.enabled"));
        HttpConfig http = config.http();
        line(out, "http prefix: " + http.prefix() + " " + from("http.prefix"));
        if (http.relativeUrls()) {
            line(out, "relative URLs: true " + from("http.relativeurls"));
        }
        http.host().ifPresent(host -> line(out, "external URL: " + host + " " + from("http.host")));
        line(out, "log level: " + config.log().level() + " " + from("log.level"));
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
     * Every key somebody set, with its value and origin, one per line, in the order they were set,
     * for debugging; values of keys that may be secrets (passwords, secrets, tokens, keys, anything
     * under {@code auth}) show as {@code <redacted>}.
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

    private String from(String key) {
        return origin(key).orElse(defaulted).parenthesized();
    }

    private String fileDescription() {
        if (file.isEmpty()) {
            return "none (" + ConfigLoader.FILE_NAMES + " are unset)";
        }
        ConfigLoader.ConfigFile f = file.get();
        String overrides = f.overridden().isEmpty() ? "" : "; it overrides " + String.join(", ", f.overridden());
        return f.path() + " (named by " + f.namedBy() + overrides + ")";
    }

    /** One line per scalar, so that a secret nested in a list or mapping is redacted by its own key. */
    private void settings(String key, JsonNode value, Origin origin) {
        if (value.isContainerNode() && !value.isEmpty() && !Secrets.isSecret(key)) {
            for (int i = 0; value.isArray() && i < value.size(); i++) {
                settings(key + "." + i, value.get(i), origin);
            }
            value.properties().forEach(field -> settings(key + "." + field.getKey(), field.getValue(), origin));
            return;
        }
        String shown = Secrets.isSecret(key) ? Secrets.REDACTED : value.isNull() ? "(empty)"
                : value.isContainerNode() ? (value.isArray() ? "[]" : "{}") : '"' + value.asText() + '"';
        settingLines.add(key + " = " + shown + " " + origin.parenthesized());
    }

    private static void line(StringBuilder out, String line) {
        out.append("\n  ").append(line);
    }

    private static Optional<String> warning(ConfigTree tree, List<String> ignored, List<String> notes) {
        if (ignored.isEmpty() && notes.isEmpty()) {
            return Optional.empty();
        }
        Map<Origin, List<String>> byOrigin = new LinkedHashMap<>();
        ignored.forEach(key -> tree.originsWithin(key).forEach(
                origin -> byOrigin.computeIfAbsent(origin, o -> new ArrayList<>()).add(key)));
        StringBuilder out = new StringBuilder();
        if (!byOrigin.isEmpty()) {
            out.append("Wharf does not use these configuration keys (yet), so they have no effect:");
            byOrigin.forEach((origin, keys) -> line(out, "from " + origin + ": " + String.join(", ", keys)));
        }
        if (!notes.isEmpty()) {
            out.append(out.length() > 0 ? "\n" : "").append("Wharf skipped these configuration entries:");
            notes.forEach(note -> line(out, note));
        }
        return Optional.of(out.toString());
    }
}
