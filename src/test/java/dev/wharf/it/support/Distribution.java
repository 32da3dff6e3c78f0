package dev.wharf.it.support;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on a free local port over a data
 * directory: the registry Wharf must stay byte-compatible with, and the upstream the mirror
 * tests pull through.
 *
 * <p>{@link #builder} adds htpasswd Basic auth or token auth (see {@link TokenServer}); the
 * registry logs at level {@code debug}: an {@code authorizing request} line when a request
 * begins and one {@code response completed} line when it ends (with its method, URI, status and
 * bytes written), which {@link #requests()} parses so tests can count what reached the upstream;
 * {@link #awaitQuiet} waits until no request has begun or ended for a while, so a late duplicate
 * request is counted too. {@link #stop()} and
 * {@link #restart()} take it down and bring it back on the same port and root (an upstream
 * outage); every run appends to the same log.
 */
public final class Distribution implements AutoCloseable {
    private static final Pattern COMPLETED = Pattern.compile("msg=\"response completed");
    private static final Pattern FIELD = Pattern.compile("(?<=\\s)([a-z][a-z0-9_.]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");

    private final Path root;
    private final Path config;
    private final Path log;
    private final int port;
    private volatile Process process;

    private Distribution(Path root, Path config, Path log, int port) {
        this.root = root;
        this.config = config;
        this.log = log;
        this.port = port;
    }

    /** Starts an anonymous distribution over {@code rootDirectory} and waits until {@code /v2/} answers. */
    public static Distribution start(Path rootDirectory, Path workDirectory) {
        return builder(rootDirectory, workDirectory).start();
    }

    /** A distribution to configure (auth) before {@link Builder#start()}. */
    public static Builder builder(Path rootDirectory, Path workDirectory) {
        return new Builder(rootDirectory, workDirectory);
    }

    /** Options for a distribution: at most one of htpasswd and token auth. */
    public static final class Builder {
        private final Path root;
        private final Path work;
        private final Map<String, String> htpasswdUsers = new LinkedHashMap<>();
        private TokenServer tokenServer;
        private String proxyRemoteUrl;
        private String proxyUsername;
        private String proxyPassword;

        private Builder(Path root, Path work) {
            this.root = root;
            this.work = work;
        }

        /** Requires HTTP Basic auth from an htpasswd file (bcrypt {@code $2y$} hashes) holding this user. */
        public Builder htpasswdUser(String user, String password) {
            htpasswdUsers.put(user, password);
            return this;
        }

        /** Requires Bearer tokens from {@code tokenServer}, trusting its certificate. */
        public Builder tokenAuth(TokenServer tokenServer) {
            this.tokenServer = tokenServer;
            return this;
        }

        /**
         * Runs distribution's own pull-through cache of {@code remoteUrl} (credentials may be null),
         * the reference Wharf's mirror is compared with.
         */
        public Builder proxy(String remoteUrl, String username, String password) {
            this.proxyRemoteUrl = remoteUrl;
            this.proxyUsername = username;
            this.proxyPassword = password;
            return this;
        }

        public Distribution start() {
            if (tokenServer != null && !htpasswdUsers.isEmpty()) {
                throw new IllegalStateException("distribution takes one auth method, not htpasswd and token");
            }
            Tools.requireOnPath("docker-registry");
            try {
                Files.createDirectories(work);
                Files.createDirectories(root);
                int port = freePort();
                StringBuilder yaml = new StringBuilder("version: 0.1\n")
                        .append("log:\n  level: debug\n  formatter: text\n  accesslog:\n    disabled: true\n")
                        .append("storage:\n  filesystem:\n    rootdirectory: ").append(root.toAbsolutePath())
                        .append("\n  delete:\n    enabled: true\n")
                        .append("http:\n  addr: 127.0.0.1:").append(port)
                        .append("\n  secret: wharf-it-upload-secret\n");
                if (!htpasswdUsers.isEmpty()) {
                    Path htpasswd = work.resolve("htpasswd");
                    StringBuilder lines = new StringBuilder();
                    htpasswdUsers.forEach((user, password) -> lines.append(user).append(':')
                            .append(BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(5, password.toCharArray()))
                            .append('\n'));
                    Files.writeString(htpasswd, lines);
                    yaml.append("auth:\n  htpasswd:\n    realm: wharf-upstream\n    path: ")
                            .append(htpasswd.toAbsolutePath()).append('\n');
                }
                if (tokenServer != null) {
                    Path bundle = tokenServer.writeCertificate(work.resolve("token-root.pem"));
                    yaml.append("auth:\n  token:\n    realm: ").append(tokenServer.realm())
                            .append("\n    service: ").append(tokenServer.service())
                            .append("\n    issuer: ").append(tokenServer.issuer())
                            .append("\n    rootcertbundle: ").append(bundle.toAbsolutePath()).append('\n');
                }
                if (proxyRemoteUrl != null) {
                    yaml.append("proxy:\n  remoteurl: ").append(proxyRemoteUrl).append('\n');
                    if (proxyUsername != null) {
                        yaml.append("  username: ").append(proxyUsername).append("\n  password: ").append(proxyPassword)
                                .append('\n');
                    }
                }
                Path config = work.resolve("distribution.yml");
                Files.writeString(config, yaml);
                Path log = work.resolve("distribution.log");
                Files.deleteIfExists(log);
                Distribution distribution = new Distribution(root.toAbsolutePath(), config, log, port);
                Runtime.getRuntime().addShutdownHook(new Thread(distribution::stop, "stop-distribution-" + port));
                distribution.launch();
                return distribution;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code localhost:<port>}, for image references. */
    public String host() {
        return "localhost:" + port;
    }

    /** {@code http://localhost:<port>}, for {@code proxy.remoteurl}. */
    public String url() {
        return "http://" + host();
    }

    /** The base URL, for a {@link RegistryClient} speaking to this registry directly. */
    public URL baseUrl() {
        try {
            return URI.create(url() + "/").toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The storage root directory. */
    public Path root() {
        return root;
    }

    /** The file holding a blob's bytes in distribution's layout, for tests that corrupt the upstream. */
    public Path blobData(String digest) {
        String[] parts = digest.split(":", 2);
        return root.resolve("docker/registry/v2/blobs/" + parts[0] + "/" + parts[1].substring(0, 2) + "/" + parts[1] + "/data");
    }

    public Path logFile() {
        return log;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the registry (connections to its port are then refused); {@link #restart()} brings it back. */
    public void stop() {
        Process running = process;
        if (running == null) {
            return;
        }
        OwnProcesses.stop(running.toHandle());
        OwnProcesses.forget("docker-registry", running.pid());
        process = null;
    }

    /** Starts the registry again on the same port, root and configuration (stopping it first if running). */
    public void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() throws IOException {
        // an absolute path in the command line: it is what a later run checks before stopping a leftover
        process = new ProcessBuilder("docker-registry", "serve", config.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        OwnProcesses.record("docker-registry", process.toHandle(), config.toAbsolutePath().toString());
        awaitReady();
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
                int status = connection.getResponseCode();
                connection.disconnect();
                if (status == 200 || status == 401) {
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

    /** One request as distribution logged it when the response completed. */
    public record Request(String method, String uri, int status, long written, String userAgent) {
        /** The path without the query. */
        public String path() {
            int query = uri.indexOf('?');
            return query < 0 ? uri : uri.substring(0, query);
        }
    }

    /** Every completed request so far, in log order (a request is logged once its response is done). */
    public List<Request> requests() {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Request> requests = new ArrayList<>();
        for (String line : lines) {
            if (!COMPLETED.matcher(line).find()) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher field = FIELD.matcher(line);
            while (field.find()) {
                fields.put(field.group(1), unquote(field.group(2)));
            }
            String method = fields.get("http.request.method");
            String uri = fields.get("http.request.uri");
            if (method == null || uri == null) {
                continue;
            }
            requests.add(new Request(method, uri, parseInt(fields.get("http.response.status")),
                    parseLong(fields.get("http.response.written")), fields.getOrDefault("http.request.useragent", "")));
        }
        return requests;
    }

    /** Completed requests with this method whose path (without query) matches {@code pathRegex} entirely. */
    public List<Request> requests(String method, String pathRegex) {
        Pattern pattern = Pattern.compile(pathRegex);
        return requests().stream().filter(r -> r.method().equals(method) && pattern.matcher(r.path()).matches()).toList();
    }

    /** Completed requests whose URI contains {@code fragment} (a digest, a repository), for failure messages. */
    public List<Request> requestsMentioning(String fragment) {
        return requests().stream().filter(r -> r.uri().contains(fragment)).toList();
    }

    /** How many completed requests with this method have a path matching {@code pathRegex} (auth challenges included). */
    public int countRequests(String method, String pathRegex) {
        return requests(method, pathRegex).size();
    }

    /**
     * How many times a blob was fetched: completed GETs of {@code /v2/<any repository>/blobs/<digest>}
     * except 401 auth challenges, which transfer nothing.
     */
    public int blobGets(String digest) {
        return (int) requests("GET", "/v2/.+/blobs/" + Pattern.quote(digest)).stream().filter(r -> r.status() != 401).count();
    }

    /** Like {@link #blobGets}, for manifest GETs by tag or digest in {@code repository}. */
    public int manifestGets(String repository, String reference) {
        return (int) requests("GET", "/v2/" + Pattern.quote(repository) + "/manifests/" + Pattern.quote(reference)).stream()
                .filter(r -> r.status() != 401).count();
    }

    /**
     * Counts manifest requests for {@code repository} and {@code reference} (a tag or digest) by
     * method ({@code HEAD}, {@code GET}), except 401 auth challenges; methods never seen are absent.
     * Call {@link #awaitQuiet} first when the requests may still be under way.
     */
    public Map<String, Integer> manifestRequests(String repository, String reference) {
        Pattern path = Pattern.compile("/v2/" + Pattern.quote(repository) + "/manifests/" + Pattern.quote(reference));
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Request request : requests()) {
            if (request.status() != 401 && path.matcher(request.path()).matches()) {
                counts.merge(request.method(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** How long the log must stay unchanged before {@link #awaitBlobGets} counts. */
    public static final Duration QUIET = Duration.ofSeconds(2);

    /**
     * Waits until at least {@code atLeast} blob GETs of {@code digest} were logged (or {@code timeout}
     * passed), then until the log has been quiet for {@link #QUIET} (no request began or ended: a late
     * duplicate fetch is counted too), and returns the count. Call it once the clients are done.
     */
    public int awaitBlobGets(String digest, int atLeast, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (blobGets(digest) < atLeast && Instant.now().isBefore(deadline)) {
            sleep(50);
        }
        awaitQuiet(QUIET, Duration.ofSeconds(60));
        return blobGets(digest);
    }

    /**
     * Waits until the log has not changed for {@code quiet}: at level debug every request logs when
     * it begins and when it ends, so no request began or ended in that time. (A request that began
     * earlier and is still streaming logs nothing meanwhile; tests that must see those watch the
     * transfer itself, e.g. at a {@link ThrottledRelay}.) Fails when the log never rests within
     * {@code timeout}.
     */
    public void awaitQuiet(Duration quiet, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long size = logSize();
        long unchangedSince = System.nanoTime();
        while (System.nanoTime() - unchangedSince < quiet.toNanos()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("distribution's log " + log + " never stayed unchanged for " + quiet + " within " + timeout);
            }
            sleep(100);
            long now = logSize();
            if (now != size) {
                size = now;
                unchangedSince = System.nanoTime();
            }
        }
    }

    private long logSize() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }

    private static int parseInt(String value) {
        try {
            return value == null ? -1 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLong(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
