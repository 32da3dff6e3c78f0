package dev.wharf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ValueSyntaxTest {

    @Test
    void parsesGoDurations() {
        assertEquals(Duration.ofHours(168), ValueSyntax.duration("168h").orElseThrow());
        assertEquals(Duration.ofMillis(1500), ValueSyntax.duration("1.5s").orElseThrow());
        assertEquals(Duration.ofMinutes(61), ValueSyntax.duration("1h1m").orElseThrow());
        assertEquals(Duration.ZERO, ValueSyntax.duration("0").orElseThrow());
        assertTrue(ValueSyntax.duration("10").isEmpty());
        assertTrue(ValueSyntax.duration("h").isEmpty());
        assertTrue(ValueSyntax.duration("5s junk").isEmpty());
        assertTrue(ValueSyntax.duration("junk 5s").isEmpty());
    }

    @Test
    void parsesSizesWithUnits() {
        assertEquals(OptionalLong.of(1024), ValueSyntax.size("1024"));
        assertEquals(OptionalLong.of(50L << 30), ValueSyntax.size("50GiB"));
        assertEquals(OptionalLong.of(500_000_000L), ValueSyntax.size("500MB"));
        assertEquals(OptionalLong.of(1536L << 30), ValueSyntax.size("1.5TiB"));
        assertEquals(OptionalLong.of(2048), ValueSyntax.size("2 kib"));
        assertTrue(ValueSyntax.size("50Gi").isEmpty());
        assertTrue(ValueSyntax.size("lots").isEmpty());
        assertTrue(ValueSyntax.size("99999999999PiB").isEmpty());
    }

    @Test
    void valuesThatDoNotParseAreProblemsNamingKeyValueAndExpectation() {
        String message = new TestSources()
                .env("REGISTRY_PROXY_REMOTEURL", "http://upstream:5000")
                .env("REGISTRY_PROXY_MAXSIZE", "0")
                .env("REGISTRY_PROXY_TAGFRESHNESS", "soon")
                .jndi("storage/filesystem/rootdirectory", "/srv/\0")
                .fail().getMessage();
        assertTrue(message.contains("proxy.maxsize (from env REGISTRY_PROXY_MAXSIZE) is \"0\", but must be a positive size"), message);
        assertTrue(message.contains("proxy.tagfreshness (from env REGISTRY_PROXY_TAGFRESHNESS) is \"soon\", but must be a duration"),
                message);
        assertTrue(message.contains("storage.filesystem.rootdirectory (from JNDI java:comp/env/registry/storage/filesystem/"
                + "rootdirectory) is \"/srv/\0\", but must be an absolute directory"), message);
    }
}
