/**
 * Wharf's configuration: one immutable record per section of distribution's {@code config.yml}
 * ({@link dev.wharf.config.RegistryConfig} and its sections), loaded by
 * {@link dev.wharf.config.ConfigLoader} from the YAML file, then JNDI entries below
 * {@code java:comp/env/registry/}, then {@code REGISTRY_*} environment variables, and offered to
 * CDI by {@link dev.wharf.config.ConfigProducer}.
 *
 * <p>Loading works on one merged Jackson tree that remembers which source set each key
 * ({@code ConfigTree}). Section readers ({@code StorageSection}, {@code HttpSection},
 * {@code LogSection}) walk it through {@code Section}, which converts values, records problems and
 * provenance, and marks keys used; whatever no reader used is reported once as ignored.
 * {@code ConfigMapper} says how to add a section.
 */
package dev.wharf.config;
