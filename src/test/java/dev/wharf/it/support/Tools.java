package dev.wharf.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real clients (skopeo, podman) the interop tests drive. A missing tool fails the
 * test: CI installs them, and a skipped interop test would hide a broken registry.
 */
public final class Tools {
    private Tools() {}

    /** The result of one command. */
    public record Result(int exitCode, String output) {}

    /** Runs a command and fails the test unless it exits 0. */
    public static String run(String... command) {
        Result result = tryRun(command);
        assertEquals(0, result.exitCode(), () -> String.join(" ", command) + " failed:\n" + result.output());
        return result.output();
    }

    /** Runs a command; its exit code is the caller's to judge. */
    public static Result tryRun(String... command) {
        requireOnPath(command[0]);
        try {
            Path log = Files.createTempFile("wharf-tool", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    throw new AssertionError(String.join(" ", command) + " did not finish within 5 minutes");
                }
            } finally {
                // a tool that timed out or whose test was interrupted is stopped with what it started (podman forks helpers)
                if (process.isAlive()) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fails with an install hint when {@code tool} is not on the PATH. */
    public static void requireOnPath(String tool) {
        List<String> path = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        for (String directory : path) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, tool))) {
                return;
            }
        }
        throw new AssertionError(tool + " is not installed: install it (apt-get install " + tool
                + ", as .ci/run does); the interop tests need it and are never skipped");
    }
}
