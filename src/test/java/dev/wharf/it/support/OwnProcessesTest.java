package dev.wharf.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leftover processes are stopped by their recorded PID only while their command line is still
 * the recorded one; a process of the same shape that was not recorded, or whose PID now runs
 * something else, is left alone. Runs against a build directory of its own, so it can never
 * touch the records of a real integration-test run.
 */
class OwnProcessesTest {
    @TempDir
    Path target;
    private String previous;
    private Process sleeper;
    private Process bystander;

    @BeforeEach
    void ownTarget() {
        previous = System.getProperty("it.target");
        System.setProperty("it.target", target.toString());
    }

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty("it.target");
        } else {
            System.setProperty("it.target", previous);
        }
        for (Process process : new Process[] {sleeper, bystander}) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    /** A process whose command line names {@code marker} (bash's $0), the way a Tomcat names its catalina.base. */
    private static Process sleeping(String marker) throws IOException {
        // "; true" keeps bash from replacing itself with sleep, which would change the command line
        return new ProcessBuilder("bash", "-c", "sleep 300; true", marker).start();
    }

    @Test
    void recordedProcessLeftRunningIsStopped() throws Exception {
        String marker = target.resolve("apache-tomcat-x").toString();
        sleeper = sleeping(marker);
        bystander = sleeping(marker);
        OwnProcesses.record("tomcat", sleeper.toHandle(), marker);

        assertEquals(List.of(sleeper.pid()), OwnProcesses.stopLeftovers());
        assertTrue(sleeper.waitFor(20, TimeUnit.SECONDS));
        assertTrue(bystander.isAlive(), "a process of the same shape that this run did not record was stopped");
        assertEquals(List.of(), OwnProcesses.stopLeftovers(), "the record is dropped once handled");
    }

    @Test
    void recordWhoseCommandLineChangedIsNotStopped() throws Exception {
        String marker = target.resolve("apache-tomcat-x").toString();
        sleeper = sleeping(marker);
        OwnProcesses.record("tomcat", sleeper.toHandle(), marker);
        Path record;
        try (var files = Files.list(target.resolve("it-pids"))) {
            record = files.findFirst().orElseThrow();
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(record)) {
            properties.load(in);
        }
        // as if the PID had been reused since the record was written, by a program of the same shape
        properties.setProperty("cmdline", java.util.Base64.getEncoder().encodeToString(
                ("bash\0-c\0sleep 301; true\0" + marker + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try (var out = Files.newBufferedWriter(record)) {
            properties.store(out, null);
        }

        assertEquals(List.of(), OwnProcesses.stopLeftovers());
        assertFalse(sleeper.waitFor(500, TimeUnit.MILLISECONDS), "a PID whose command line is not the recorded one was stopped");
        assertFalse(Files.exists(record));
    }

    @Test
    void forgottenProcessIsNotStopped() throws Exception {
        String marker = target.resolve("it-data/x/distribution.yml").toString();
        sleeper = sleeping(marker);
        OwnProcesses.record("docker-registry", sleeper.toHandle(), marker);
        OwnProcesses.forget("docker-registry", sleeper.pid());

        assertEquals(List.of(), OwnProcesses.stopLeftovers());
        assertTrue(sleeper.isAlive());
    }
}
