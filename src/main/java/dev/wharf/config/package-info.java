/**
 * Wharf's configuration: one immutable record per section of distribution's {@code config.yml}
 * ({@link dev.wharf.config.RegistryConfig} and its sections), loaded by
 * {@link dev.wharf.config.ConfigLoader} and offered to CDI by {@code dev.wharf.app.ConfigProducer}.
 *
 * <p>The YAML file, JNDI entries below {@code java:comp/env/registry/} and {@code REGISTRY_*}
 * environment variables merge key by key into one map of leaves that remembers which source set
 * each key ({@code ConfigTree}). Jackson binds that tree onto the records ({@code ConfigBinder}):
 * each record's {@code @JsonCreator} declares its keys and defaults and its {@code check} method
 * validates; keys no record declares are warned about once. To add a section, add a record with a
 * {@code @JsonCreator} and a {@code check}, a component of {@link dev.wharf.config.RegistryConfig},
 * and a producer method in {@code dev.wharf.app.ConfigProducer}.
 */
package dev.wharf.config;
