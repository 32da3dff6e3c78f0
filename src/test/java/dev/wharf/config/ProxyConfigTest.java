package dev.wharf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {
    @Test
    void noProxySectionMeansNoMirror() {
        ProxyConfig proxy = new TestSources().env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "/srv/r").load().config().proxy();
        assertFalse(proxy.enabled());
        assertEquals(Duration.ofHours(168), proxy.ttl());
        assertEquals(Duration.ZERO, proxy.tagFreshness());
    }

    @Test
    void readsDistributionKeysAndOurs() {
        ProxyConfig proxy = new TestSources()
                .env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "/srv/r")
                .env("REGISTRY_PROXY_REMOTEURL", "https://registry-1.docker.io/")
                .env("REGISTRY_PROXY_USERNAME", "me")
                .env("REGISTRY_PROXY_PASSWORD", "pw")
                .env("REGISTRY_PROXY_TTL", "1h30m")
                .env("REGISTRY_PROXY_TAGFRESHNESS", "30s")
                .jndi("proxy/filltimeout", "10m")
                .load().config().proxy();
        assertTrue(proxy.enabled());
        assertEquals(URI.create("https://registry-1.docker.io"), proxy.remoteUrl().orElseThrow());
        assertEquals(Duration.ofMinutes(90), proxy.ttl());
        assertEquals(Duration.ofSeconds(30), proxy.tagFreshness());
        assertEquals(Duration.ofMinutes(10), proxy.fillTimeout());
        assertFalse(proxy.toString().contains("pw"));
    }

    @Test
    void ttlZeroDisablesExpiry() {
        ProxyConfig proxy = new TestSources().env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "/srv/r")
                .env("REGISTRY_PROXY_REMOTEURL", "http://upstream:5000").env("REGISTRY_PROXY_TTL", "0").load().config().proxy();
        assertEquals(Duration.ZERO, proxy.ttl());
    }

    @Test
    void badValuesAreReportedWithTheirKeys() {
        ConfigException e = assertThrows(ConfigException.class, () -> new TestSources()
                .env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "/srv/r")
                .env("REGISTRY_PROXY_REMOTEURL", "ftp://x")
                .env("REGISTRY_PROXY_TTL", "7 days")
                .env("REGISTRY_PROXY_USERNAME", "me")
                .load());
        assertTrue(e.getMessage().contains("proxy.remoteurl"), e.getMessage());
        assertTrue(e.getMessage().contains("proxy.ttl"), e.getMessage());
        assertTrue(e.getMessage().contains("proxy.username"), e.getMessage());
    }
}
