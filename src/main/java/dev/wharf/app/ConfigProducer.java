package dev.wharf.app;

import dev.wharf.config.ConfigException;
import dev.wharf.config.ConfigLoader;
import dev.wharf.config.ConfigSources;
import dev.wharf.config.HttpConfig;
import dev.wharf.config.LoadedConfig;
import dev.wharf.config.LogConfig;
import dev.wharf.config.MaintenanceConfig;
import dev.wharf.config.ProxyConfig;
import dev.wharf.config.RegistryConfig;
import dev.wharf.config.StorageConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads the configuration once per deployment, from the real environment, and offers it to CDI.
 * Loading happens while the application starts, so a bad configuration fails the deployment with
 * a message that says what to fix, instead of failing the first request.
 *
 * <p>The records are produced {@code @Dependent} from the cached instance: they are final and so
 * cannot be given a normal scope, which needs a client proxy. Inject {@link RegistryConfig} or
 * one section ({@link StorageConfig}, {@link HttpConfig}, {@link LogConfig}); inject
 * {@link LoadedConfig} for provenance (health and debug pages).
 */
@ApplicationScoped
public class ConfigProducer {

    /** Wharf's own loggers, whose level {@code log.level} sets. */
    static final String WHARF_LOGGER = "dev.wharf";

    private static final Logger LOG = Logger.getLogger(ConfigProducer.class.getName());

    private final Supplier<ConfigSources> sources;

    // Set in @PostConstruct, not the constructor: on a server without Weld's relaxed construction
    // (WildFly by default) the client proxy is built by calling the constructor, which would load
    // and log the configuration a second time.
    private LoadedConfig loaded;
    // java.util.logging holds loggers weakly: without this reference the level set on "dev.wharf"
    // could be lost when the logger is collected and later recreated.
    private Logger wharfLogger;

    /** For CDI: loads from {@link ConfigSources#system()}. */
    public ConfigProducer() {
        this(ConfigSources::system);
    }

    ConfigProducer(Supplier<ConfigSources> sources) {
        this.sources = sources;
    }

    @PostConstruct
    void load() {
        try {
            loaded = new ConfigLoader(sources.get()).load();
        } catch (ConfigException e) {
            // The server logs the failed deployment too, but wrapped in CDI exceptions; this line
            // is the one an operator should find.
            LOG.severe(e.getMessage());
            throw e;
        }
        // Logged before the level applies, so that log.level: error still shows where the config came from.
        LOG.info(loaded.summary());
        // Not ifPresent(LOG::warning): JUL would name java.util.Optional as the log record's source.
        if (loaded.ignoredKeysWarning().isPresent()) {
            LOG.warning(loaded.ignoredKeysWarning().get());
        }
        LOG.fine(loaded::settings);
        wharfLogger = Logger.getLogger(WHARF_LOGGER);
        wharfLogger.setLevel(julLevel(loaded.config().log().level()));
    }

    /** Forces loading at deployment: observing the event instantiates this bean. */
    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // Nothing else to do: @PostConstruct has loaded, logged and applied the configuration.
    }

    /** The whole configuration. */
    @Produces
    @Dependent
    public RegistryConfig registryConfig() {
        return loaded.config();
    }

    /** The configuration with where each value came from. */
    @Produces
    @Dependent
    public LoadedConfig loadedConfig() {
        return loaded;
    }

    /** The {@code storage} section. */
    @Produces
    @Dependent
    public StorageConfig storageConfig() {
        return loaded.config().storage();
    }

    /** The {@code http} section. */
    @Produces
    @Dependent
    public HttpConfig httpConfig() {
        return loaded.config().http();
    }

    /** The {@code proxy} section. */
    @Produces
    @Dependent
    public ProxyConfig proxyConfig() {
        return loaded.config().proxy();
    }

    /** The {@code storage.maintenance} section. */
    @Produces
    @Dependent
    public MaintenanceConfig maintenanceConfig() {
        return loaded.config().maintenance();
    }

    /** The {@code log} section. */
    @Produces
    @Dependent
    public LogConfig logConfig() {
        return loaded.config().log();
    }

    /** distribution's level names onto java.util.logging; debug is FINE, which Tomcat's handlers pass. */
    static Level julLevel(String level) {
        return switch (level) {
            case "error" -> Level.SEVERE;
            case "warn" -> Level.WARNING;
            case "debug" -> Level.FINE;
            default -> Level.INFO;
        };
    }
}
