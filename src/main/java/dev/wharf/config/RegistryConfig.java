package dev.wharf.config;

/**
 * The registry's whole configuration, one record per section of distribution's {@code config.yml}.
 * Built once at startup by the loader (YAML, then JNDI, then {@code REGISTRY_*} environment
 * variables) and validated; immutable afterwards.
 */
public record RegistryConfig(
        HttpConfig http, StorageConfig storage, LogConfig log, ProxyConfig proxy, MaintenanceConfig maintenance) {}
