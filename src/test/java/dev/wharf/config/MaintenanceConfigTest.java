package dev.wharf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MaintenanceConfigTest {
    private static TestSources sources() {
        return new TestSources().env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "/srv/r");
    }

    @Test
    void defaultsAreDistributions() {
        MaintenanceConfig maintenance = sources().load().config().maintenance();
        assertTrue(maintenance.uploadPurging());
        assertEquals(Duration.ofHours(168), maintenance.uploadPurgingAge());
        assertEquals(Duration.ofHours(24), maintenance.uploadPurgingInterval());
        assertFalse(maintenance.uploadPurgingDryRun());
        assertFalse(maintenance.readOnly());
    }

    @Test
    void readsEveryKey() {
        MaintenanceConfig maintenance = sources()
                .env("REGISTRY_STORAGE_MAINTENANCE_UPLOADPURGING_ENABLED", "true")
                .env("REGISTRY_STORAGE_MAINTENANCE_UPLOADPURGING_AGE", "2h")
                .env("REGISTRY_STORAGE_MAINTENANCE_UPLOADPURGING_INTERVAL", "10m")
                .env("REGISTRY_STORAGE_MAINTENANCE_UPLOADPURGING_DRYRUN", "true")
                .jndi("storage/maintenance/readonly/enabled", "true")
                .load().config().maintenance();
        assertEquals(Duration.ofHours(2), maintenance.uploadPurgingAge());
        assertEquals(Duration.ofMinutes(10), maintenance.uploadPurgingInterval());
        assertTrue(maintenance.uploadPurgingDryRun());
        assertTrue(maintenance.readOnly());
    }

    @Test
    void badDurationNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> sources()
                .env("REGISTRY_STORAGE_MAINTENANCE_UPLOADPURGING_AGE", "a week").load());
        assertTrue(e.getMessage().contains("storage.maintenance.uploadpurging.age"), e.getMessage());
    }

    @Test
    void maxSizeIsReadAndChecked() {
        ProxyConfig proxy = sources().env("REGISTRY_PROXY_REMOTEURL", "http://up:5000").env("REGISTRY_PROXY_MAXSIZE", "2GiB")
                .load().config().proxy();
        assertEquals(OptionalLong.of(2L << 30), proxy.maxSize());
        ConfigException e = assertThrows(ConfigException.class, () -> sources()
                .env("REGISTRY_PROXY_REMOTEURL", "http://up:5000").env("REGISTRY_PROXY_MAXSIZE", "-5").load());
        assertTrue(e.getMessage().contains("proxy.maxsize"), e.getMessage());
    }
}
