package dev.wharf.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Turns the merged configuration tree into the section records, checking every value on the way.
 *
 * <p>Adding a section (say {@code proxy}): write a {@code ProxyConfig} record and a
 * {@code ProxySection} with {@code static ProxyConfig read(Section root)} modelled on
 * {@link HttpSection}; add the record to {@link RegistryConfig} and one line to {@link #map}; add
 * a producer method to {@link ConfigProducer} and, if operators should see it at startup, a line
 * to {@link LoadedConfig#summary()}. Keys the new reader reads stop appearing in the ignored-keys
 * warning by themselves.
 */
final class ConfigMapper {

    private ConfigMapper() {}

    /**
     * @throws ConfigException listing every problem found
     */
    static LoadedConfig map(ConfigTree tree, Optional<ConfigFile> file, ConfigSources sources, List<String> notes) {
        Reading reading = new Reading(tree, file.isPresent());
        Section root = reading.root();
        refuseAuth(root);
        StorageConfig storage = StorageSection.read(root, sources.env(), sources.systemProperties());
        HttpConfig http = HttpSection.read(root);
        LogConfig log = LogSection.read(root);
        ProxyConfig proxy = ProxySection.read(root);
        MaintenanceConfig maintenance = MaintenanceSection.read(root);
        if (!reading.problems().isEmpty()) {
            throw new ConfigException(reading.problems());
        }
        return new LoadedConfig(new RegistryConfig(http, storage, log, proxy, maintenance), file, reading, notes);
    }

    /**
     * Unlike other unused sections, {@code auth} is not ignored with a warning: an operator who
     * configured it expects a protected registry, and would get one anybody can push to and
     * delete from. Remove this check when the auth section is implemented.
     */
    private static void refuseAuth(Section root) {
        JsonNode auth = root.raw("auth");
        if (auth == null || auth.isNull() || (auth.isContainerNode() && auth.isEmpty())
                || (auth.isTextual() && auth.asText().isBlank())) {
            return;
        }
        root.use("auth");
        root.problem("auth", "is set, but Wharf does not implement access control yet: it would start"
                + " without any, letting everyone who can reach it push, pull and delete. Remove the auth"
                + " section and restrict access another way (a reverse proxy, the server's security"
                + " constraints, a firewall) until Wharf supports it");
    }
}
