package dev.wharf.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.config.ConfigException;
import dev.wharf.config.RegistryConfig;
import dev.wharf.config.TestSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfigProducerTest {

    /** Collects what the producer logs. */
    private static final class Recorder extends Handler {
        final List<LogRecord> records = new ArrayList<>();

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    // Held so the JUL loggers (weakly referenced by the LogManager) keep their state during the test.
    private final Logger wharf = Logger.getLogger(ConfigProducer.WHARF_LOGGER);
    private final Logger producerLog = Logger.getLogger(ConfigProducer.class.getName());
    private final Recorder recorder = new Recorder();
    private Level wharfLevelBefore;

    @BeforeEach
    void listen() {
        wharfLevelBefore = wharf.getLevel();
        wharf.setLevel(null);
        producerLog.addHandler(recorder);
    }

    @AfterEach
    void restore() {
        producerLog.removeHandler(recorder);
        wharf.setLevel(wharfLevelBefore);
    }

    @Test
    void producesTheLoadedConfigurationAndItsSections() {
        ConfigProducer producer = new ConfigProducer(new TestSources()
                .env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "/srv/registry")
                .env("REGISTRY_LOG_LEVEL", "info")::build);
        producer.load();

        RegistryConfig config = producer.registryConfig();
        assertEquals(Path.of("/srv/registry"), config.storage().rootDirectory());
        assertSame(config.storage(), producer.storageConfig());
        assertSame(config.http(), producer.httpConfig());
        assertSame(config.log(), producer.logConfig());
        assertSame(config, producer.loadedConfig().config());
    }

    @Test
    void logsTheSummaryAndOneWarningForIgnoredKeys() {
        ConfigProducer producer = new ConfigProducer(new TestSources()
                .env("REGISTRY_HTTP_ADDR", ":5000")
                .env("REGISTRY_HTTP_SECRET", "hunter2")::build);
        producer.load();

        List<LogRecord> info = recorder.records.stream().filter(r -> r.getLevel() == Level.INFO).toList();
        List<LogRecord> warnings = recorder.records.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
        assertEquals(1, info.size());
        assertTrue(info.get(0).getMessage().startsWith("Wharf configuration:\n"), info.get(0).getMessage());
        assertEquals(1, warnings.size());
        String warning = warnings.get(0).getMessage();
        assertTrue(warning.contains("from env REGISTRY_HTTP_ADDR: http.addr"), warning);
        assertTrue(warning.contains("from env REGISTRY_HTTP_SECRET: http.secret"), warning);
        recorder.records.forEach(r -> assertTrue(!r.getMessage().contains("hunter2"), r.getMessage()));
    }

    @Test
    void appliesLogLevelToWharfLoggers() {
        new ConfigProducer(new TestSources().env("REGISTRY_LOG_LEVEL", "debug")::build).load();
        assertEquals(Level.FINE, wharf.getLevel());
        assertTrue(Logger.getLogger("dev.wharf.storage.SomeClass").isLoggable(Level.FINE));

        new ConfigProducer(new TestSources().env("REGISTRY_LOG_LEVEL", "error")::build).load();
        assertEquals(Level.SEVERE, wharf.getLevel());
    }

    @Test
    void levelMapping() {
        assertEquals(Level.SEVERE, ConfigProducer.julLevel("error"));
        assertEquals(Level.WARNING, ConfigProducer.julLevel("warn"));
        assertEquals(Level.INFO, ConfigProducer.julLevel("info"));
        assertEquals(Level.FINE, ConfigProducer.julLevel("debug"));
    }

    @Test
    void invalidConfigurationFailsLoadingAndIsLogged() {
        ConfigProducer producer = new ConfigProducer(new TestSources().env("REGISTRY_HTTP_PREFIX", "v2")::build);
        ConfigException e = assertThrows(ConfigException.class, producer::load);
        assertTrue(e.getMessage().contains("http.prefix (from env REGISTRY_HTTP_PREFIX)"), e.getMessage());
        assertTrue(recorder.records.stream().anyMatch(r -> r.getLevel() == Level.SEVERE
                && r.getMessage().equals(e.getMessage())));
    }
}
