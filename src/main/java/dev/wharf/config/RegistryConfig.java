package dev.wharf.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The registry's whole configuration, one record per section of distribution's {@code config.yml}.
 * Built once at startup by the loader (YAML, then JNDI, then {@code REGISTRY_*} environment
 * variables) and validated; immutable afterwards.
 */
public record RegistryConfig(
        HttpConfig http, StorageConfig storage, LogConfig log, ProxyConfig proxy, MaintenanceConfig maintenance) {

    /** Jackson's way in; an absent or empty section has its defaults. */
    @JsonCreator
    static RegistryConfig bind(@JsonProperty("http") HttpConfig http, @JsonProperty("storage") StorageConfig.Keys storage,
            @JsonProperty("log") LogConfig log, @JsonProperty("proxy") ProxyConfig proxy) {
        StorageConfig.Keys keys = Objects.requireNonNullElseGet(storage, () -> new StorageConfig.Keys(null, null, null, null));
        return new RegistryConfig(
                Objects.requireNonNullElseGet(http, () -> HttpConfig.bind(null, null, null)),
                keys.config(),
                Objects.requireNonNullElseGet(log, () -> LogConfig.bind(null)),
                Objects.requireNonNullElseGet(proxy, () -> ProxyConfig.bind(null, null, null, null, null, null, null, null)),
                Objects.requireNonNullElseGet(keys.maintenance(), () -> MaintenanceConfig.bind(null, null)));
    }

    /** Adds every value that is out of range or contradicts another. */
    void check(ConfigTree tree) {
        http.check(tree);
        storage.check(tree);
        log.check(tree);
        proxy.check(tree);
        maintenance.check(tree);
    }

    /** This configuration with {@code storage} replaced. */
    RegistryConfig with(StorageConfig storage) {
        return new RegistryConfig(http, storage, log, proxy, maintenance);
    }
}
