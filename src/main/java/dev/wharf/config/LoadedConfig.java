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
 * The result of loading: the validated configuration, plus what an operator needs to trust it.
 * Holds no secrets: values of arbitrary keys are kept only as redacted display text.
 *
 * @param config the validated configuration
 * @param configFile the YAML file that was read, absolute; empty when none was named
 * @param configFileNamedBy the JNDI entry, environment variable or system property that named the
 *     file; empty when none did
 * @param origins where each key came from, by dotted key ({@code storage.delete.enabled}): for keys
 *     Wharf uses the effective value's, a default included ({@code storage} is the driver's); for
 *     others, the source that set the key
 * @param ignoredKeys the keys set in some source that Wharf does not use (yet), most general first
 *     ({@code health}, not {@code health.storagedriver.enabled})
 * @param ignoredKeysWarning one warning, to be logged once at startup, listing the ignored keys
 *     (grouped by where they were set) and any JNDI entries or environment variables Wharf could
 *     not interpret; empty when there are none
 * @param summary a few lines for the startup log: which file was read (or that none was named),
 *     the storage driver and its root directory, whether deletes are enabled, the HTTP prefix and
 *     the log level, each with where it came from, e.g.
 *     {@code storage: filesystem at /srv/registry (from env REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY)}
 * @param settings every key somebody set, with its value and origin, one per line, in the order
 *     they were set, for debugging; values of keys that may be secrets show as {@code <redacted>}
 */
public record LoadedConfig(RegistryConfig config, Optional<Path> configFile, Optional<Origin> configFileNamedBy,
        Map<String, Origin> origins, List<String> ignoredKeys, Optional<String> ignoredKeysWarning, String summary,
        String settings) {

    static LoadedConfig of(RegistryConfig config, Optional<ConfigLoader.ConfigFile> file, ConfigTree tree, Origin defaulted,
            List<String> ignored, List<String> notes) {
        Map<String, Origin> origins = new HashMap<>();
        List<String> settings = new ArrayList<>();
        tree.leaves().forEach((path, leaf) -> {
            String key = String.join(".", path);
            // A key Wharf uses, set to null or blank, has its default.
            if (!(ConfigTree.isBlank(leaf.value()) && ConfigBinder.knownKeys().contains(key))) {
                origins.put(key, leaf.origin());
            }
            settings(key, leaf.value(), leaf.origin(), settings);
        });
        String driver = "storage." + config.storage().driver().name().toLowerCase(Locale.ROOT);
        Optional.ofNullable(origins.getOrDefault(driver, origins.get("storage"))).ifPresent(o -> origins.put("storage", o));
        ConfigBinder.knownKeys().forEach(key -> origins.putIfAbsent(key, defaulted));
        String fileDescription = file.map(f -> f.path() + " (named by " + f.namedBy() + (f.overridden().isEmpty() ? ""
                : "; it overrides " + String.join(", ", f.overridden())) + ")")
                .orElse("none (" + ConfigLoader.FILE_NAMES + " are unset)");
        return new LoadedConfig(config, file.map(ConfigLoader.ConfigFile::path), file.map(ConfigLoader.ConfigFile::namedBy),
                Map.copyOf(origins), List.copyOf(ignored), warning(tree, ignored, notes),
                summary(config, fileDescription, origins, ignored.size()),
                "Wharf configuration keys set (secrets redacted):\n  " + (settings.isEmpty() ? "none" : String.join("\n  ", settings)));
    }

    /** Where the value of the dotted {@code key} came from; empty for keys nobody set and Wharf does not use. */
    public Optional<Origin> origin(String key) {
        return Optional.ofNullable(origins.get(key));
    }

    @Override
    public String toString() {
        return summary;
    }

    private static String summary(RegistryConfig config, String file, Map<String, Origin> origins, int ignored) {
        StorageConfig storage = config.storage();
        HttpConfig http = config.http();
        ProxyConfig proxy = config.proxy();
        MaintenanceConfig maintenance = config.maintenance();
        List<String> lines = new ArrayList<>(List.of("Wharf configuration:", "configuration file: " + file,
                storage.driver() == StorageConfig.Driver.FILESYSTEM
                        ? "storage: filesystem at " + storage.rootDirectory() + from(origins, "storage.filesystem.rootdirectory")
                        : "storage: inmemory, lost when Wharf stops" + from(origins, "storage"),
                "delete enabled: " + storage.deleteEnabled() + from(origins, "storage.delete.enabled"),
                "http prefix: " + http.prefix() + from(origins, "http.prefix")));
        if (http.relativeUrls()) {
            lines.add("relative URLs: true" + from(origins, "http.relativeurls"));
        }
        http.host().ifPresent(host -> lines.add("external URL: " + host + from(origins, "http.host")));
        lines.add("log level: " + config.log().level() + from(origins, "log.level"));
        if (proxy.enabled()) {
            lines.add("mirror of " + proxy.remoteUrl().get() + " (read-only; "
                    + proxy.username().map(user -> "upstream user " + user).orElse("anonymous upstream access")
                    + ", ttl " + proxy.ttl() + ", tag freshness " + proxy.tagFreshness()
                    + (proxy.maxSize().isPresent() ? ", disk budget " + proxy.maxSize().getAsLong() + " bytes" : ", no disk budget")
                    + ")");
        }
        if (maintenance.readOnly()) {
            lines.add("read-only: every write answers 405 (storage.maintenance.readonly.enabled)");
        }
        if (maintenance.uploadPurging()) {
            lines.add("upload purging: uploads older than " + maintenance.uploadPurgingAge() + " removed every "
                    + maintenance.uploadPurgingInterval() + (maintenance.uploadPurgingDryRun() ? " (dry run: only logged)" : ""));
        }
        if (ignored > 0) {
            lines.add("ignored keys: " + ignored + ", listed in a warning");
        }
        return String.join("\n  ", lines);
    }

    private static String from(Map<String, Origin> origins, String key) {
        return " " + origins.get(key).parenthesized();
    }

    /** One line per scalar, so that a secret nested in a list or mapping is redacted by its own key. */
    private static void settings(String key, JsonNode value, Origin origin, List<String> out) {
        if (value.isContainerNode() && !value.isEmpty() && !Secrets.isSecret(key)) {
            for (int i = 0; value.isArray() && i < value.size(); i++) {
                settings(key + "." + i, value.get(i), origin, out);
            }
            value.properties().forEach(field -> settings(key + "." + field.getKey(), field.getValue(), origin, out));
            return;
        }
        String shown = Secrets.isSecret(key) ? Secrets.REDACTED : value.isNull() ? "(empty)"
                : value.isContainerNode() ? (value.isArray() ? "[]" : "{}") : '"' + value.asText() + '"';
        out.add(key + " = " + shown + " " + origin.parenthesized());
    }

    private static Optional<String> warning(ConfigTree tree, List<String> ignored, List<String> notes) {
        Map<Origin, List<String>> byOrigin = new LinkedHashMap<>();
        ignored.forEach(key -> tree.originsWithin(key).forEach(
                origin -> byOrigin.computeIfAbsent(origin, o -> new ArrayList<>()).add(key)));
        List<String> lines = new ArrayList<>();
        if (!byOrigin.isEmpty()) {
            lines.add("Wharf does not use these configuration keys (yet), so they have no effect:");
            byOrigin.forEach((origin, keys) -> lines.add("  from " + origin + ": " + String.join(", ", keys)));
        }
        if (!notes.isEmpty()) {
            lines.add("Wharf skipped these configuration entries:");
            notes.forEach(note -> lines.add("  " + note));
        }
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", lines));
    }
}
