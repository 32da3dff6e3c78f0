package dev.wharf.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The long-running processes the integration tests start (the Tomcats Arquillian launches,
 * distribution), each recorded in a file under {@code target/it-pids} while it runs: its PID and
 * its exact command line, which names a path under this project's {@code target/}. A run that is
 * killed cannot stop them; the next run's {@link #stopLeftovers()} stops exactly those, and only
 * while {@code /proc/<pid>/cmdline} is still the recorded one (a reused PID, or another project's
 * Tomcat of the same shape, is left alone). Nothing is ever stopped by name.
 */
public final class OwnProcesses {
    private OwnProcesses() {}

    /** This project's build directory (failsafe passes it; the working directory is the project). */
    public static Path target() {
        return Path.of(System.getProperty("it.target", "target")).toAbsolutePath().normalize();
    }

    private static Path directory() {
        return target().resolve("it-pids");
    }

    /**
     * Records a running process the tests started, whose command line must contain
     * {@code marker} (a path under {@link #target()}), so a later run can stop it if this one cannot.
     */
    public static void record(String name, ProcessHandle process, String marker) {
        if (!marker.contains(target().toString())) {
            throw new IllegalArgumentException(marker + " names nothing under " + target() + ": the record could not tell this project's process from another's");
        }
        Optional<byte[]> cmdline = cmdline(process.pid());
        if (cmdline.isEmpty()) {
            return; // already gone (or no /proc): nothing that could be left behind
        }
        if (!new String(cmdline.get(), StandardCharsets.UTF_8).contains(marker)) {
            throw new IllegalArgumentException("PID " + process.pid() + " does not name " + marker + " in its command line: "
                    + new String(cmdline.get(), StandardCharsets.UTF_8).replace('\0', ' '));
        }
        Properties record = new Properties();
        record.setProperty("pid", Long.toString(process.pid()));
        record.setProperty("marker", marker);
        record.setProperty("cmdline", Base64.getEncoder().encodeToString(cmdline.get()));
        try {
            Files.createDirectories(directory());
            try (var out = Files.newBufferedWriter(file(name, process.pid()))) {
                record.store(out, "started by the integration tests; stopped by them, or by the next run if this one is interrupted");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops the record of a process the tests stopped themselves. */
    public static void forget(String name, long pid) {
        try {
            Files.deleteIfExists(file(name, pid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops every recorded process still running as recorded (an interrupted earlier run's), waits
     * for it to exit, and drops every record. Returns the PIDs it stopped.
     */
    public static List<Long> stopLeftovers() {
        if (!Files.isDirectory(directory())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(file -> file.getFileName().toString().endsWith(".pid")).sorted().toList().stream()
                    .map(OwnProcesses::stopIfStillOurs).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Long> stopIfStillOurs(Path file) {
        try {
            Properties record = new Properties();
            try (var in = Files.newBufferedReader(file)) {
                record.load(in);
            }
            long pid = Long.parseLong(record.getProperty("pid"));
            byte[] recorded = Base64.getDecoder().decode(record.getProperty("cmdline"));
            String marker = record.getProperty("marker");
            Optional<byte[]> live = cmdline(pid);
            boolean ours = live.isPresent() && java.util.Arrays.equals(live.get(), recorded)
                    && new String(recorded, StandardCharsets.UTF_8).contains(marker) && marker.contains(target().toString());
            Optional<Long> stopped = Optional.empty();
            if (ours) {
                Optional<ProcessHandle> process = ProcessHandle.of(pid);
                if (process.isPresent()) {
                    System.err.println("stopping PID " + pid + " left running by an interrupted integration-test run: "
                            + new String(recorded, StandardCharsets.UTF_8).replace('\0', ' '));
                    stop(process.get());
                    stopped = Optional.of(pid);
                }
            }
            Files.deleteIfExists(file);
            return stopped;
        } catch (IOException | RuntimeException unreadable) {
            System.err.println("ignoring unreadable process record " + file + ": " + unreadable);
            return Optional.empty();
        }
    }

    /** Asks a process to end (SIGTERM), and kills it when it has not within 15 s. */
    public static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            process.onExit().join();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The process's command line as the kernel holds it (arguments separated by NUL), if it still runs. */
    static Optional<byte[]> cmdline(long pid) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return bytes.length == 0 ? Optional.empty() : Optional.of(bytes);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path file(String name, long pid) {
        return directory().resolve(name + "-" + pid + ".pid");
    }
}
