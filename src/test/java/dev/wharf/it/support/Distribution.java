package dev.wharf.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on a free local port over a data
 * directory: the registry Wharf must stay byte-compatible with.
 */
public final class Distribution implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private Distribution(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts distribution over {@code rootDirectory} and waits until {@code /v2/} answers. */
    public static Distribution start(Path rootDirectory, Path workDirectory) {
        Tools.requireOnPath("docker-registry");
        try {
            int port = freePort();
            Files.createDirectories(workDirectory);
            Path config = workDirectory.resolve("distribution.yml");
            Files.writeString(config, "version: 0.1\n"
                    + "log:\n  level: warn\n"
                    + "storage:\n  filesystem:\n    rootdirectory: " + rootDirectory + "\n  delete:\n    enabled: true\n"
                    + "http:\n  addr: 127.0.0.1:" + port + "\n");
            Path log = workDirectory.resolve("distribution.log");
            Process process = new ProcessBuilder("docker-registry", "serve", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Distribution distribution = new Distribution(process, port, log);
            distribution.awaitReady();
            return distribution;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code localhost:<port>}, for image references. */
    public String host() {
        return "localhost:" + port;
    }

    private void awaitReady() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
                connection.setConnectTimeout(500);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("docker-registry did not answer within 30 s: " + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
