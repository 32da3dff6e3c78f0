package dev.wharf.upstream;

import static dev.wharf.upstream.FakeServer.respond;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.domain.Digest;
import dev.wharf.domain.MediaTypes;
import dev.wharf.domain.RepositoryName;
import dev.wharf.upstream.UpstreamException.Kind;
import dev.wharf.upstream.UpstreamRegistry.BlobStream;
import dev.wharf.upstream.UpstreamRegistry.FetchedManifest;
import dev.wharf.upstream.UpstreamRegistry.ManifestHead;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client against fake registries, token servers and CDNs on local ports. Every test also
 * checks, after it ran, that no log record and no exception message carried the password or a
 * token.
 */
class HttpUpstreamRegistryTest {

    private static final String USER = "mirror-bot";
    private static final String PASSWORD = "pw-Zq8unlikelyS3CRET";
    private static final String TOKEN_PREFIX = "tok-SECRET-9f8e7d";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Blob transfers at once, as the proxy's fill threads; more than a route's 20 metadata connections. */
    private static final int FILLS = 24;

    private static final RepositoryName REPO = RepositoryName.parse("library/app");
    private static final String MANIFEST_PATH = "/v2/library/app/manifests/latest";
    private static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
            + "\",\"config\":{},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] BLOB = randomBytes(300_000);
    private static final Digest BLOB_DIGEST = Digest.sha256Of(BLOB);
    private static final String BLOB_PATH = "/v2/library/app/blobs/" + BLOB_DIGEST;

    private final Logger log = Logger.getLogger("dev.wharf.upstream");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level previousLevel;
    private final List<String> exceptionMessages = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private FakeServer registry;
    private FakeServer auth;
    private final Set<String> acceptedTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void start() throws IOException {
        previousLevel = log.getLevel();
        log.setLevel(Level.ALL);
        log.setUseParentHandlers(false);
        log.addHandler(capture);
        registry = closing(new FakeServer());
        auth = closing(new FakeServer());
    }

    @AfterEach
    void stop() throws Exception {
        log.removeHandler(capture);
        log.setUseParentHandlers(true);
        log.setLevel(previousLevel);
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        List<String> texts = new ArrayList<>(exceptionMessages);
        SimpleFormatter formatter = new SimpleFormatter();
        for (LogRecord record : records) {
            texts.add(formatter.format(record));
        }
        for (String text : texts) {
            assertFalse(text.contains(PASSWORD), () -> "password leaked: " + text);
            assertFalse(text.contains(TOKEN_PREFIX), () -> "token leaked: " + text);
            assertFalse(text.contains(BASIC.substring(6)), () -> "Basic credentials leaked: " + text);
        }
    }

    // ---- anonymous, Basic, Bearer

    @Test
    void anonymousPull() throws Exception {
        anonymousRegistry();
        registry.on(MANIFEST_PATH, manifestRoute(true));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        FetchedManifest manifest = upstream.getManifest(REPO, "latest").orElseThrow();

        assertArrayEquals(MANIFEST, manifest.content());
        assertEquals(MediaTypes.OCI_MANIFEST, manifest.mediaType());
        assertEquals(Optional.of(Digest.sha256Of(MANIFEST)), manifest.claimedDigest());
        FakeServer.Request request = registry.requests(MANIFEST_PATH).get(0);
        assertEquals(Optional.empty(), request.header("Authorization"));
        assertEquals(1, registry.count("/v2/"));
        assertTrue(upstream.describe().startsWith("http://127.0.0.1:"));
    }

    @Test
    void manifestRequestsAcceptEveryManifestType() throws Exception {
        anonymousRegistry();
        registry.on(MANIFEST_PATH, manifestRoute(true));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        upstream.headManifest(REPO, "latest");
        upstream.getManifest(REPO, "latest");

        for (FakeServer.Request request : registry.requests(MANIFEST_PATH)) {
            Set<String> accepted = new HashSet<>();
            for (String value : request.headerValues("Accept")) {
                Arrays.stream(value.split(",")).map(String::trim).forEach(accepted::add);
            }
            assertEquals(MediaTypes.MANIFESTS, accepted, request.method());
        }
    }

    @Test
    void basicCredentialsAreSentWithEveryRequest() throws Exception {
        basicRegistry();
        registry.on(MANIFEST_PATH, guarded(BASIC::equals, "Basic realm=\"fake\"", manifestRoute(true)));
        HttpUpstreamRegistry upstream = upstream(Optional.of(USER), Optional.of(PASSWORD));

        assertTrue(upstream.getManifest(REPO, "latest").isPresent());
        assertTrue(upstream.headManifest(REPO, "latest").isPresent());

        // Preemptively: no request was answered 401.
        assertEquals(2, registry.count(MANIFEST_PATH));
        assertEquals(Optional.empty(), registry.requests("/v2/").get(0).header("Authorization"));
    }

    @Test
    void basicRegistryWithoutCredentialsIsDenied() throws Exception {
        basicRegistry();
        registry.on(MANIFEST_PATH, guarded(BASIC::equals, "Basic realm=\"fake\"", manifestRoute(true)));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        expectFailure(Kind.DENIED, () -> upstream.getManifest(REPO, "latest"));
        assertEquals(2, registry.count(MANIFEST_PATH));
        assertTrue(warnings().stream().anyMatch(m -> m.contains("set proxy.username and proxy.password")));
    }

    @Test
    void wrongBasicPasswordIsDeniedAndSaysWhatToCheck() throws Exception {
        basicRegistry();
        registry.on(MANIFEST_PATH, guarded("Basic bm9ib2R5Ondyb25n"::equals, "Basic realm=\"fake\"", manifestRoute(true)));
        HttpUpstreamRegistry upstream = upstream(Optional.of(USER), Optional.of(PASSWORD));

        UpstreamException e = expectFailure(Kind.DENIED, () -> upstream.getManifest(REPO, "latest"));
        assertTrue(e.getMessage().contains(MANIFEST_PATH), e.getMessage());
        assertTrue(e.getMessage().contains("401"), e.getMessage());
        assertTrue(warnings().stream().anyMatch(m -> m.contains("denied our credentials for repository:library/app:pull")
                && m.contains("check proxy.username and proxy.password")), warnings()::toString);
    }

    @Test
    void bearerTokenFromTheRealmWithServiceScopeAndCredentials() throws Exception {
        bearerRegistry();
        tokenServer(true, "{\"token\":\"%s\",\"expires_in\":300}");
        registry.on(MANIFEST_PATH, bearerGuarded(manifestRoute(true)));
        HttpUpstreamRegistry upstream = upstream(Optional.of(USER), Optional.of(PASSWORD));

        assertArrayEquals(MANIFEST, upstream.getManifest(REPO, "latest").orElseThrow().content());

        FakeServer.Request tokenRequest = auth.requests("/token").get(0);
        assertEquals(Optional.of(BASIC), tokenRequest.header("Authorization"));
        assertEquals(Map.of("service", "fake-registry", "scope", "repository:library/app:pull"), query(tokenRequest));
        assertEquals(Optional.of("Bearer " + TOKEN_PREFIX + "-1"), registry.requests(MANIFEST_PATH).get(0).header("Authorization"));
        assertEquals(1, registry.count(MANIFEST_PATH));
        assertTrue(infos().stream().anyMatch(m -> m.contains("obtained a token for repository:library/app:pull")), infos()::toString);
    }

    @Test
    void anonymousBearerTokenWithoutCredentials() throws Exception {
        bearerRegistry();
        tokenServer(false, "{\"access_token\":\"%s\"}");
        registry.on(MANIFEST_PATH, bearerGuarded(manifestRoute(true)));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        assertTrue(upstream.getManifest(REPO, "latest").isPresent());
        assertEquals(Optional.empty(), auth.requests("/token").get(0).header("Authorization"));
    }

    @Test
    void tokenIsReusedAcrossCallsOfOneScope() throws Exception {
        bearerRegistry();
        tokenServer(true, "{\"token\":\"%s\",\"expires_in\":300}");
        registry.on(MANIFEST_PATH, bearerGuarded(manifestRoute(true)));
        registry.on(BLOB_PATH, bearerGuarded(blobRoute()));
        HttpUpstreamRegistry upstream = upstream(Optional.of(USER), Optional.of(PASSWORD));

        upstream.headManifest(REPO, "latest");
        upstream.getManifest(REPO, "latest");
        assertEquals(Optional.of((long) BLOB.length), upstream.headBlob(REPO, BLOB_DIGEST));
        clock.advance(Duration.ofSeconds(280));
        upstream.getManifest(REPO, "latest");

        assertEquals(1, auth.count("/token"));
        assertEquals(1, registry.count("/v2/"));
    }

    @Test
    void eachRepositoryHasItsOwnScope() throws Exception {
        bearerRegistry();
        tokenServer(true, "{\"token\":\"%s\",\"expires_in\":300}");
        registry.on(MANIFEST_PATH, bearerGuarded(manifestRoute(true)));
        registry.on("/v2/other/manifests/latest", bearerGuarded(manifestRoute(true)));
        HttpUpstreamRegistry upstream = upstream(Optional.of(USER), Optional.of(PASSWORD));

        upstream.getManifest(REPO, "latest");
        upstream.getManifest(RepositoryName.parse("other"), "latest");

        assertEquals(List.of("repository:library/app:pull", "repository:other:pull"),
                auth.requests("/token").stream().map(r -> query(r).get("scope")).toList());
    }

    @Test
    void expiredTokenIsFetchedAgain() throws Exception {
        bearerRegistry();
        tokenServer(true, "{\"token\":\"%s\",\"expires_in\":300,\"issued_at\":\"2000-01-01T00:00:00Z\"}");
        registry.on(MANIFEST_PATH, bearerGuarded(manifestRoute(true)));
        HttpUpstreamRegistry upstream = upstream(Optional.of(USER), Optional.of(PASSWORD));

        upstream.getManifest(REPO, "latest");
        clock.advance(Duration.ofSeconds(295));
        upstream.getManifest(REPO, "latest");

        assertEquals(2, auth.count("/token"));
        assertEquals(Optional.of("Bearer " + TOKEN_PREFIX + "-2"), registry.requests(MANIFEST_PATH).get(1).header("Authorization"));
        // No 401 was needed: the token was replaced before it expired.
        assertEquals(2, registry.count(MANIFEST_PATH));
    }

    @Test
    void tokenWithoutExpiresInLivesSixtySeconds() throws Exception {
        bearerRegistry();
        tokenServer(true, "{\"access_token\":\"%s\"}");
        registry.on(MANIFEST_PATH, bearerGuarded(manifestRoute(true)));
        HttpUpstreamRegistry upstream = upstream(Optional.of(USER), Optional.of(PASSWORD));

        upstream.getManifest(REPO, "latest");
        clock.advance(Duration.ofSeconds(45));
        upstream.getManifest(REPO, "latest");
        assertEquals(1, auth.count("/token"));
        clock.advance(Duration.ofSeconds(10));
        upstream.getManifest(REPO, "latest");
        assertEquals(2, auth.count("/token"));
    }

    @Test
    void refusedCachedTokenIsRefreshedAndTheRequestRetriedOnce() throws Exception {
        bearerRegistry();
        tokenServer(true, "{\"token\":\"%s\",\"expires_in\":300}");
        registry.on(MANIFEST_PATH, bearerGuarded(manifestRoute(true)));
        HttpUpstreamRegistry upstream = upstream(Optional.of(USER), Optional.of(PASSWORD));
        upstream.getManifest(REPO, "latest");

        acceptedTokens.remove(TOKEN_PREFIX + "-1"); // revoked upstream, though not expired
        assertTrue(upstream.getManifest(REPO, "latest").isPresent());

        assertEquals(2, auth.count("/token"));
        List<String> authorizations = registry.requests(MANIFEST_PATH).stream()
                .map(r -> r.header("Authorization").orElse("")).toList();
        assertEquals(List.of("Bearer " + TOKEN_PREFIX + "-1", "Bearer " + TOKEN_PREFIX + "-1", "Bearer " + TOKEN_PREFIX + "-2"),
                authorizations);
    }

    @Test
    void challengeOfARealRequestReplacesTheOneOfThePing() throws Exception {
        anonymousRegistry(); // /v2/ is open, but repositories want a token
        tokenServer(true, "{\"token\":\"%s\",\"expires_in\":300}");
        registry.on(MANIFEST_PATH, bearerGuarded(manifestRoute(true)));
        HttpUpstreamRegistry upstream = upstream(Optional.of(USER), Optional.of(PASSWORD));

        assertTrue(upstream.getManifest(REPO, "latest").isPresent());
        assertTrue(upstream.getManifest(REPO, "latest").isPresent());

        assertEquals(3, registry.count(MANIFEST_PATH));
        assertEquals(1, auth.count("/token"));
    }

    @Test
    void persistentUnauthorizedIsDeniedAfterOneRetry() throws Exception {
        bearerRegistry();
        tokenServer(true, "{\"token\":\"%s\",\"expires_in\":300}");
        registry.on(MANIFEST_PATH, exchange -> respond(exchange, 401,
                Map.of("WWW-Authenticate", bearerChallenge() + ",scope=\"repository:library/app:pull\",error=\"insufficient_scope\""),
                "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}"));
        HttpUpstreamRegistry upstream = upstream(Optional.of(USER), Optional.of(PASSWORD));

        UpstreamException e = expectFailure(Kind.DENIED, () -> upstream.getManifest(REPO, "latest"));

        assertEquals(2, registry.count(MANIFEST_PATH));
        assertEquals(2, auth.count("/token"));
        assertTrue(e.getMessage().contains(MANIFEST_PATH), e.getMessage());
        assertTrue(warnings().stream().anyMatch(m -> m.contains("check proxy.username and proxy.password")));
    }

    @Test
    void forbiddenIsDeniedWithoutRetry() throws Exception {
        anonymousRegistry();
        registry.on(MANIFEST_PATH, exchange -> respond(exchange, 403, Map.of(), "{}"));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        expectFailure(Kind.DENIED, () -> upstream.getManifest(REPO, "latest"));
        assertEquals(1, registry.count(MANIFEST_PATH));
    }

    @Test
    void tokenServerRefusingOurCredentialsIsDenied() throws Exception {
        bearerRegistry();
        auth.on("/token", exchange -> respond(exchange, 401, Map.of("WWW-Authenticate", "Basic realm=\"auth\""), "{}"));
        registry.on(MANIFEST_PATH, bearerGuarded(manifestRoute(true)));
        HttpUpstreamRegistry upstream = upstream(Optional.of(USER), Optional.of(PASSWORD));

        expectFailure(Kind.DENIED, () -> upstream.getManifest(REPO, "latest"));
        assertEquals(0, registry.count(MANIFEST_PATH));
        assertTrue(warnings().stream().anyMatch(m -> m.contains("refused a token for repository:library/app:pull")
                && m.contains("check proxy.username and proxy.password")), warnings()::toString);
    }

    @Test
    void tokenServerFailuresAndGarbage() throws Exception {
        bearerRegistry();
        registry.on(MANIFEST_PATH, bearerGuarded(manifestRoute(true)));
        HttpUpstreamRegistry upstream = upstream(Optional.of(USER), Optional.of(PASSWORD));

        auth.on("/token", exchange -> respond(exchange, 503, Map.of(), "down"));
        expectFailure(Kind.UNAVAILABLE, () -> upstream.getManifest(REPO, "latest"));
        auth.on("/token", exchange -> respond(exchange, 200, Map.of(), "{\"token\":\"" + TOKEN_PREFIX + "-x\""));
        expectFailure(Kind.INVALID, () -> upstream.getManifest(REPO, "latest"));
        auth.on("/token", exchange -> respond(exchange, 200, Map.of(), "{\"expires_in\":300}"));
        expectFailure(Kind.INVALID, () -> upstream.getManifest(REPO, "latest"));
    }

    @Test
    void concurrentFirstRequestsPingOnce() throws Exception {
        bearerRegistry();
        tokenServer(true, "{\"token\":\"%s\",\"expires_in\":300}");
        registry.on(MANIFEST_PATH, bearerGuarded(manifestRoute(true)));
        HttpUpstreamRegistry upstream = upstream(Optional.of(USER), Optional.of(PASSWORD));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        closeables.add(pool::shutdownNow);

        List<Future<Optional<FetchedManifest>>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> upstream.getManifest(REPO, "latest")));
        }
        for (Future<Optional<FetchedManifest>> result : results) {
            assertTrue(result.get().isPresent());
        }

        assertEquals(1, registry.count("/v2/"));
        assertTrue(auth.count("/token") >= 1 && auth.count("/token") <= 8);
    }

    // ---- manifests

    @Test
    void headManifestTakesTheDigestFromTheHeader() throws Exception {
        anonymousRegistry();
        Digest claimed = Digest.sha256Of("another manifest".getBytes(StandardCharsets.UTF_8));
        registry.on(MANIFEST_PATH, exchange -> respond(exchange, 200, Map.of(
                "Content-Type", MediaTypes.DOCKER_MANIFEST_LIST + "; charset=utf-8",
                "Docker-Content-Digest", claimed.toString()), MANIFEST));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        ManifestHead head = upstream.headManifest(REPO, "latest").orElseThrow();

        assertEquals(new ManifestHead(claimed, MediaTypes.DOCKER_MANIFEST_LIST, MANIFEST.length), head);
        assertEquals(List.of("HEAD"), registry.requests(MANIFEST_PATH).stream().map(FakeServer.Request::method).toList());
    }

    @Test
    void headManifestWithoutDigestHeaderFallsBackToGet() throws Exception {
        anonymousRegistry();
        registry.on(MANIFEST_PATH, manifestRoute(false));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        ManifestHead head = upstream.headManifest(REPO, "latest").orElseThrow();

        assertEquals(new ManifestHead(Digest.sha256Of(MANIFEST), MediaTypes.OCI_MANIFEST, MANIFEST.length), head);
        assertEquals(List.of("HEAD", "GET"), registry.requests(MANIFEST_PATH).stream().map(FakeServer.Request::method).toList());
    }

    @Test
    void manifestWithoutDigestHeaderHasNoClaimedDigest() throws Exception {
        anonymousRegistry();
        registry.on(MANIFEST_PATH, manifestRoute(false));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        assertEquals(Optional.empty(), upstream.getManifest(REPO, "latest").orElseThrow().claimedDigest());
        registry.on(MANIFEST_PATH, exchange -> respond(exchange, 200, Map.of("Docker-Content-Digest", "sha256:nonsense"), MANIFEST));
        FetchedManifest garbled = upstream.getManifest(REPO, "latest").orElseThrow();
        assertEquals(Optional.empty(), garbled.claimedDigest());
        assertEquals("", garbled.mediaType());
    }

    @Test
    void manifestByDigest() throws Exception {
        anonymousRegistry();
        Digest digest = Digest.sha256Of(MANIFEST);
        registry.on("/v2/library/app/manifests/" + digest, manifestRoute(false));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        assertEquals(digest, upstream.headManifest(REPO, digest.toString()).orElseThrow().digest());
    }

    @Test
    void manifestUpToFourMebibytes() throws Exception {
        anonymousRegistry();
        byte[] big = new byte[4 * 1024 * 1024];
        registry.on(MANIFEST_PATH, exchange -> respond(exchange, 200, Map.of("Content-Type", MediaTypes.OCI_INDEX), big));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        assertEquals(big.length, upstream.getManifest(REPO, "latest").orElseThrow().content().length);
    }

    @Test
    void manifestOverFourMebibytesIsInvalid() throws Exception {
        anonymousRegistry();
        byte[] tooBig = new byte[4 * 1024 * 1024 + 1];
        registry.on(MANIFEST_PATH, exchange -> respond(exchange, 200, Map.of("Content-Type", MediaTypes.OCI_INDEX), tooBig));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        expectFailure(Kind.INVALID, () -> upstream.getManifest(REPO, "latest"));
    }

    @Test
    void chunkedManifestOverFourMebibytesIsInvalid() throws Exception {
        anonymousRegistry();
        registry.on(MANIFEST_PATH, exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length to go by
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 80; i++) {
                    out.write(chunk);
                }
            }
        });
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        expectFailure(Kind.INVALID, () -> upstream.getManifest(REPO, "latest"));
    }

    @Test
    void unexpectedStatusIsInvalid() throws Exception {
        anonymousRegistry();
        registry.on(MANIFEST_PATH, exchange -> respond(exchange, 400, Map.of(), "{}"));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        UpstreamException e = expectFailure(Kind.INVALID, () -> upstream.getManifest(REPO, "latest"));
        assertTrue(e.getMessage().contains("400") && e.getMessage().contains(MANIFEST_PATH), e.getMessage());
    }

    // ---- blobs

    @Test
    void blobStreamsWithItsSize() throws Exception {
        anonymousRegistry();
        registry.on(BLOB_PATH, blobRoute());
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        assertEquals(Optional.of((long) BLOB.length), upstream.headBlob(REPO, BLOB_DIGEST));
        try (BlobStream blob = upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()).orElseThrow()) {
            assertEquals(BLOB.length, blob.size());
            assertArrayEquals(BLOB, blob.body().readAllBytes());
        }
    }

    @Test
    void blobWithoutContentLengthHasSizeMinusOne() throws Exception {
        anonymousRegistry();
        registry.on(BLOB_PATH, exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BLOB);
            }
        });
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        try (BlobStream blob = upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()).orElseThrow()) {
            assertEquals(-1, blob.size());
            assertArrayEquals(BLOB, blob.body().readAllBytes());
        }
    }

    @Test
    void blobIsHandedOverBeforeItArrivedAndClosingEarlyReleasesTheConnection() throws Exception {
        anonymousRegistry();
        long announced = 100L * 1024 * 1024;
        registry.on(BLOB_PATH, exchange -> {
            exchange.sendResponseHeaders(200, announced);
            OutputStream out = exchange.getResponseBody();
            out.write(BLOB, 0, 65536);
            out.flush();
            Thread.sleep(60_000); // the rest never comes (interrupted at the end of the test)
        });
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        // More than the transfer pool holds: each connection must be given back on close.
        for (int i = 0; i < FILLS + 5; i++) {
            BlobStream blob = upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()).orElseThrow();
            assertEquals(announced, blob.size());
            assertArrayEquals(Arrays.copyOf(BLOB, 1000), blob.body().readNBytes(1000));
            long start = System.nanoTime();
            blob.close();
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(), "close waited for the rest of the body");
        }
    }

    @Test
    void closingFromAnotherThreadUnblocksAReader() throws Exception {
        anonymousRegistry();
        registry.on(BLOB_PATH, exchange -> {
            exchange.sendResponseHeaders(200, BLOB.length);
            OutputStream out = exchange.getResponseBody();
            out.write(BLOB, 0, 10);
            out.flush();
            Thread.sleep(60_000);
        });
        HttpUpstreamRegistry upstream = upstream(registry.uri(), Optional.empty(), Optional.empty(), Duration.ofSeconds(30), clock);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        closeables.add(reader::shutdownNow);

        BlobStream blob = upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()).orElseThrow();
        Future<byte[]> read = reader.submit(() -> blob.body().readAllBytes());
        Thread.sleep(200);
        long start = System.nanoTime();
        blob.close();

        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> read.get(5, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IOException, e.getCause()::toString);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void largeUnreadErrorBodiesAreDroppedNotReadThrough() throws Exception {
        anonymousRegistry();
        FakeServer.Route hugeError = exchange -> {
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().contains("/blobs/") ? 404 : 400, 100L * 1024 * 1024);
            OutputStream out = exchange.getResponseBody();
            out.write(new byte[65536]);
            out.flush();
            Thread.sleep(60_000);
        };
        registry.on(MANIFEST_PATH, hugeError);
        registry.on(BLOB_PATH, hugeError);
        HttpUpstreamRegistry upstream = upstream(registry.uri(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10), clock);

        long start = System.nanoTime();
        expectFailure(Kind.INVALID, () -> upstream.getManifest(REPO, "latest"));
        assertEquals(Optional.empty(), upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "waited for bodies nobody reads");
    }

    @Test
    void blobReadToTheEndGivesTheConnectionBack() throws Exception {
        anonymousRegistry();
        registry.on(BLOB_PATH, blobRoute());
        registry.on(MANIFEST_PATH, manifestRoute(true));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        for (int i = 0; i < 3; i++) {
            try (BlobStream blob = upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()).orElseThrow()) {
                blob.body().readAllBytes();
            }
        }
        upstream.getManifest(REPO, "latest");
        upstream.getManifest(REPO, "latest");

        // One pooled connection for transfers, another for everything else (the ping, manifests).
        Set<Integer> blobPorts = new HashSet<>(registry.requests(BLOB_PATH).stream().map(FakeServer.Request::remotePort).toList());
        assertEquals(1, blobPorts.size(), () -> "one pooled transfer connection: " + registry.requests());
        Set<Integer> otherPorts = new HashSet<>(registry.requests().stream()
                .filter(r -> !r.path().equals(BLOB_PATH)).map(FakeServer.Request::remotePort).toList());
        assertEquals(1, otherPorts.size(), () -> "one pooled metadata connection: " + registry.requests());
        assertFalse(otherPorts.containsAll(blobPorts), "transfers and metadata share a connection");
    }

    @Test
    void blobThatStallsMidwayFailsTheRead() throws Exception {
        anonymousRegistry();
        registry.on(BLOB_PATH, exchange -> {
            exchange.sendResponseHeaders(200, BLOB.length);
            OutputStream out = exchange.getResponseBody();
            out.write(BLOB, 0, 10);
            out.flush();
            Thread.sleep(60_000);
        });
        HttpUpstreamRegistry upstream = upstream(URI.create(registry.uri().toString()), Optional.empty(), Optional.empty(),
                Duration.ofMillis(300), Clock.systemUTC());

        try (BlobStream blob = upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()).orElseThrow()) {
            assertEquals(10, blob.body().readNBytes(10).length);
            IOException e = assertThrows(IOException.class, () -> blob.body().read());
            assertTrue(e.getMessage().contains(BLOB_PATH) && e.getMessage().contains("after 10 bytes"), e.getMessage());
        }
    }

    @Test
    void redirectedBlobGoesToTheCdnWithoutAuthorization() throws Exception {
        FakeServer cdn = closing(new FakeServer());
        bearerRegistry();
        tokenServer(true, "{\"token\":\"%s\",\"expires_in\":300}");
        registry.on(BLOB_PATH, bearerGuarded(exchange -> respond(exchange, 302,
                Map.of("Location", "/moved/" + BLOB_DIGEST.hex()), "")));
        registry.on("/moved/" + BLOB_DIGEST.hex(), exchange -> respond(exchange, 307,
                Map.of("Location", cdn.uri("/cdn/blob?X-Signature=" + TOKEN_PREFIX + "-signed").toString()), ""));
        cdn.on("/cdn/blob", blobRoute());
        HttpUpstreamRegistry upstream = upstream(Optional.of(USER), Optional.of(PASSWORD));

        try (BlobStream blob = upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()).orElseThrow()) {
            assertEquals(BLOB.length, blob.size());
            assertArrayEquals(BLOB, blob.body().readAllBytes());
        }
        assertEquals(Optional.of((long) BLOB.length), upstream.headBlob(REPO, BLOB_DIGEST));

        assertTrue(registry.requests(BLOB_PATH).get(0).header("Authorization").orElse("").startsWith("Bearer "));
        for (FakeServer.Request request : registry.requests("/moved/" + BLOB_DIGEST.hex())) {
            assertEquals(Optional.empty(), request.header("Authorization"));
        }
        List<FakeServer.Request> cdnRequests = cdn.requests("/cdn/blob");
        assertEquals(List.of("GET", "HEAD"), cdnRequests.stream().map(FakeServer.Request::method).toList());
        for (FakeServer.Request request : cdnRequests) {
            assertEquals(Optional.empty(), request.header("Authorization"));
            assertEquals("X-Signature=" + TOKEN_PREFIX + "-signed", request.query());
        }
    }

    @Test
    void moreThanFiveRedirectsAreInvalid() throws Exception {
        anonymousRegistry();
        registry.on(BLOB_PATH, exchange -> respond(exchange, 307, Map.of("Location", "/loop"), ""));
        registry.on("/loop", exchange -> respond(exchange, 301, Map.of("Location", "/loop"), ""));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        expectFailure(Kind.INVALID, () -> upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()));
        assertEquals(5, registry.count("/loop"));
    }

    @Test
    void redirectWithoutLocationIsInvalid() throws Exception {
        anonymousRegistry();
        registry.on(BLOB_PATH, exchange -> respond(exchange, 302, Map.of(), ""));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        expectFailure(Kind.INVALID, () -> upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()));
    }

    @Test
    void cdnFailuresAreClassifiedToo() throws Exception {
        FakeServer cdn = closing(new FakeServer());
        anonymousRegistry();
        registry.on(BLOB_PATH, exchange -> respond(exchange, 307, Map.of("Location", cdn.uri("/cdn/blob").toString()), ""));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        cdn.on("/cdn/blob", exchange -> respond(exchange, 503, Map.of(), ""));
        expectFailure(Kind.UNAVAILABLE, () -> upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()));
        cdn.on("/cdn/blob", exchange -> respond(exchange, 403, Map.of(), "expired signature"));
        expectFailure(Kind.DENIED, () -> upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()));
    }

    // ---- a pool for transfers, another for the rest; the fill's deadline

    @Test
    void stalledTransfersFillingTheirPoolDoNotDelayMetadataRequests() throws Exception {
        anonymousRegistry();
        registry.on(BLOB_PATH, stallingMidBody());
        registry.on(MANIFEST_PATH, manifestRoute(true));
        registry.on("/v2/library/app/tags/list", exchange -> respond(exchange, 200, Map.of(), "{\"tags\":[\"latest\"]}"));
        Digest other = Digest.sha256Of(MANIFEST);
        registry.on("/v2/library/app/blobs/" + other, exchange -> respond(exchange, 200, Map.of(), MANIFEST));
        HttpUpstreamRegistry upstream = upstream(registry.uri(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10), clock);

        List<BlobStream> transfers = openStalledTransfers(upstream, FILLS);
        try {
            long start = System.nanoTime();
            assertTrue(upstream.headManifest(REPO, "latest").isPresent());
            assertTrue(upstream.getManifest(REPO, "latest").isPresent());
            assertEquals(Optional.of(List.of("latest")), upstream.tags(REPO));
            assertEquals(Optional.of((long) MANIFEST.length), upstream.headBlob(REPO, other));
            long took = System.nanoTime() - start;
            assertTrue(took < Duration.ofSeconds(2).toNanos(), () -> "metadata waited " + took / 1_000_000 + " ms");
        } finally {
            for (BlobStream transfer : transfers) {
                transfer.close();
            }
        }
    }

    @Test
    void aFillBeyondTheTransferPoolWaitsNoLongerThanItsDeadline() throws Exception {
        anonymousRegistry();
        registry.on(BLOB_PATH, stallingMidBody());
        HttpUpstreamRegistry upstream = upstream(registry.uri(), Optional.empty(), Optional.empty(), Duration.ofSeconds(30), clock);

        List<BlobStream> transfers = openStalledTransfers(upstream, FILLS);
        try {
            expectDeadlineExceeded(upstream);
            assertEquals(FILLS, registry.count(BLOB_PATH));
        } finally {
            for (BlobStream transfer : transfers) {
                transfer.close();
            }
        }
        // Closed early, each transfer gave its slot back.
        try (BlobStream blob = upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()).orElseThrow()) {
            assertEquals(100L * 1024 * 1024, blob.size());
        }
    }

    @Test
    void deadlineBoundsATokenServerThatNeverAnswers() throws Exception {
        bearerRegistry();
        auth.on("/token", exchange -> Thread.sleep(60_000));
        registry.on(BLOB_PATH, bearerGuarded(blobRoute()));
        HttpUpstreamRegistry upstream = upstream(registry.uri(), Optional.of(USER), Optional.of(PASSWORD), Duration.ofSeconds(30), clock);

        UpstreamException e = expectDeadlineExceeded(upstream);
        assertTrue(e.getMessage().contains("/token"), e.getMessage());
        assertEquals(0, registry.count(BLOB_PATH));
    }

    @Test
    void deadlineBoundsARedirectTargetThatNeverAnswers() throws Exception {
        FakeServer cdn = closing(new FakeServer());
        anonymousRegistry();
        registry.on(BLOB_PATH, exchange -> respond(exchange, 307,
                Map.of("Location", cdn.uri("/cdn/blob?X-Signature=" + TOKEN_PREFIX + "-signed").toString()), ""));
        cdn.on("/cdn/blob", exchange -> Thread.sleep(60_000));
        HttpUpstreamRegistry upstream = upstream(registry.uri(), Optional.empty(), Optional.empty(), Duration.ofSeconds(30), clock);

        UpstreamException e = expectDeadlineExceeded(upstream);
        assertTrue(e.getMessage().contains("/cdn/blob"), e.getMessage());
    }

    @Test
    void deadlineBoundsARedirectTargetThatNeverAcceptsTheConnection() throws Exception {
        anonymousRegistry();
        // A backlog of one, filled: the kernel neither accepts nor refuses more, connecting hangs.
        ServerSocket full = closing(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        for (int i = 0; i < 2; i++) {
            java.net.Socket filler = closing(new java.net.Socket());
            filler.connect(full.getLocalSocketAddress(), 1000);
        }
        registry.on(BLOB_PATH, exchange -> respond(exchange, 307,
                Map.of("Location", "http://127.0.0.1:" + full.getLocalPort() + "/cdn/blob?X-Signature=" + TOKEN_PREFIX), ""));
        HttpUpstreamRegistry upstream = upstream(registry.uri(), Optional.empty(), Optional.empty(), Duration.ofSeconds(30), clock);

        expectDeadlineExceeded(upstream);
    }

    @Test
    void deadlineBoundsABlobRequestThatNeverAnswers() throws Exception {
        anonymousRegistry();
        registry.on(BLOB_PATH, exchange -> Thread.sleep(60_000));
        HttpUpstreamRegistry upstream = upstream(registry.uri(), Optional.empty(), Optional.empty(), Duration.ofSeconds(30), clock);

        expectDeadlineExceeded(upstream);
    }

    @Test
    void deadlineBoundsTheWaitForAnotherRequestsPing() throws Exception {
        registry.on("/v2/", exchange -> Thread.sleep(60_000));
        registry.on(BLOB_PATH, blobRoute());
        HttpUpstreamRegistry upstream = upstream(registry.uri(), Optional.empty(), Optional.empty(), Duration.ofSeconds(30), clock);
        ExecutorService other = Executors.newSingleThreadExecutor();
        closeables.add(other::shutdownNow);
        other.submit(() -> upstream.headManifest(REPO, "latest"));
        while (registry.count("/v2/") == 0) {
            Thread.sleep(10);
        }

        UpstreamException e = expectDeadlineExceeded(upstream);
        assertTrue(e.getMessage().contains("ping"), e.getMessage());
        assertEquals(1, registry.count("/v2/"));
    }

    @Test
    void aDeadlinePassedSendsNothing() throws Exception {
        anonymousRegistry();
        registry.on(BLOB_PATH, blobRoute());
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());
        upstream.headManifest(REPO, "latest"); // pinged

        UpstreamException e = expectFailure(Kind.UNAVAILABLE,
                () -> upstream.getBlob(REPO, BLOB_DIGEST, Instant.now().minusMillis(1)));
        assertTrue(e.getMessage().contains("proxy.filltimeout"), e.getMessage());
        assertEquals(0, registry.count(BLOB_PATH));
    }

    /** A blob of 100 MiB whose first 64 KiB arrive, then nothing (interrupted at the end of the test). */
    private static FakeServer.Route stallingMidBody() {
        return exchange -> {
            exchange.sendResponseHeaders(200, 100L * 1024 * 1024);
            OutputStream out = exchange.getResponseBody();
            out.write(BLOB, 0, 65536);
            out.flush();
            Thread.sleep(60_000);
        };
    }

    private List<BlobStream> openStalledTransfers(HttpUpstreamRegistry upstream, int count) throws Exception {
        List<BlobStream> transfers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BlobStream blob = upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()).orElseThrow();
            transfers.add(blob);
            assertEquals(1000, blob.body().readNBytes(1000).length);
        }
        return transfers;
    }

    /** A fill with half a second left fails UNAVAILABLE within a few seconds, naming proxy.filltimeout. */
    private UpstreamException expectDeadlineExceeded(HttpUpstreamRegistry upstream) {
        long start = System.nanoTime();
        UpstreamException e = expectFailure(Kind.UNAVAILABLE,
                () -> upstream.getBlob(REPO, BLOB_DIGEST, Instant.now().plusMillis(500)));
        long took = System.nanoTime() - start;
        assertTrue(took >= Duration.ofMillis(400).toNanos() && took < Duration.ofSeconds(5).toNanos(),
                () -> "took " + took / 1_000_000 + " ms: " + e.getMessage());
        assertTrue(e.getMessage().contains("proxy.filltimeout"), e.getMessage());
        return e;
    }

    // ---- tags

    @Test
    void tagsFollowRelativeAndAbsoluteLinks() throws Exception {
        anonymousRegistry();
        String path = "/v2/library/app/tags/list";
        registry.on(path, exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            if (query == null) {
                respond(exchange, 200, Map.of("Link", "<" + path + "?last=b&n=2>; rel=\"next\""),
                        "{\"name\":\"library/app\",\"tags\":[\"a\",\"b\"]}");
            } else if (query.equals("last=b&n=2")) {
                respond(exchange, 200, Map.of("Link", "<" + registry.uri(path) + "?last=d&n=2>; rel=\"next\""),
                        "{\"name\":\"library/app\",\"tags\":[\"c\",\"d\"]}");
            } else {
                respond(exchange, 200, Map.of(), "{\"name\":\"library/app\",\"tags\":[\"e\"]}");
            }
        });
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        assertEquals(Optional.of(List.of("a", "b", "c", "d", "e")), upstream.tags(REPO));
        assertEquals(3, registry.count(path));
    }

    @Test
    void tagsOfARepositoryWithNone() throws Exception {
        anonymousRegistry();
        registry.on("/v2/library/app/tags/list", exchange -> respond(exchange, 200, Map.of(), "{\"name\":\"library/app\",\"tags\":null}"));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        assertEquals(Optional.of(List.of()), upstream.tags(REPO));
    }

    @Test
    void malformedOrEndlessTagPagesAreInvalid() throws Exception {
        anonymousRegistry();
        String path = "/v2/library/app/tags/list";
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        registry.on(path, exchange -> respond(exchange, 200, Map.of(), "{\"tags\":[1,2]}"));
        expectFailure(Kind.INVALID, () -> upstream.tags(REPO));
        registry.on(path, exchange -> respond(exchange, 200, Map.of(), "<html>"));
        expectFailure(Kind.INVALID, () -> upstream.tags(REPO));
        registry.on(path, exchange -> respond(exchange, 200, Map.of("Link", "<" + path + ">; rel=\"next\""), "{\"tags\":[\"a\"]}"));
        expectFailure(Kind.INVALID, () -> upstream.tags(REPO));
        registry.on(path, exchange -> respond(exchange, 200, Map.of("Link", "<http://elsewhere.example/x>; rel=\"next\""),
                "{\"tags\":[\"a\"]}"));
        expectFailure(Kind.INVALID, () -> upstream.tags(REPO));
    }

    // ---- absence and failures

    @Test
    void notFoundIsEmpty() throws Exception {
        anonymousRegistry();
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        assertEquals(Optional.empty(), upstream.headManifest(REPO, "latest"));
        assertEquals(Optional.empty(), upstream.getManifest(REPO, "latest"));
        assertEquals(Optional.empty(), upstream.headBlob(REPO, BLOB_DIGEST));
        assertEquals(Optional.empty(), upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()));
        assertEquals(Optional.empty(), upstream.tags(REPO));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 429})
    void serverErrorsAndThrottlingAreUnavailable(int status) throws Exception {
        anonymousRegistry();
        FakeServer.Route failing = exchange -> respond(exchange, status, Map.of("Retry-After", "30"), "busy");
        registry.on(MANIFEST_PATH, failing);
        registry.on(BLOB_PATH, failing);
        registry.on("/v2/library/app/tags/list", failing);
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        UpstreamException e = expectFailure(Kind.UNAVAILABLE, () -> upstream.headManifest(REPO, "latest"));
        assertTrue(e.getMessage().contains(MANIFEST_PATH) && e.getMessage().contains(Integer.toString(status)), e.getMessage());
        expectFailure(Kind.UNAVAILABLE, () -> upstream.getManifest(REPO, "latest"));
        expectFailure(Kind.UNAVAILABLE, () -> upstream.headBlob(REPO, BLOB_DIGEST));
        expectFailure(Kind.UNAVAILABLE, () -> upstream.getBlob(REPO, BLOB_DIGEST, inAMinute()));
        expectFailure(Kind.UNAVAILABLE, () -> upstream.tags(REPO));
        // Not retried by the HTTP client either: the caller serves its cache instead.
        assertEquals(2, registry.count(MANIFEST_PATH));
    }

    @Test
    void failedPingIsTriedAgainLater() throws Exception {
        registry.on("/v2/", exchange -> respond(exchange, 503, Map.of(), ""));
        registry.on(MANIFEST_PATH, manifestRoute(true));
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());

        expectFailure(Kind.UNAVAILABLE, () -> upstream.getManifest(REPO, "latest"));
        anonymousRegistry();
        assertTrue(upstream.getManifest(REPO, "latest").isPresent());
        assertEquals(2, registry.count("/v2/"));
    }

    @Test
    void connectionRefusedIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        HttpUpstreamRegistry upstream = upstream(URI.create("http://127.0.0.1:" + port), Optional.of(USER), Optional.of(PASSWORD),
                TIMEOUT, clock);

        UpstreamException e = expectFailure(Kind.UNAVAILABLE, () -> upstream.getManifest(REPO, "latest"));
        assertTrue(e.getMessage().contains("http://127.0.0.1:" + port + "/v2/"), e.getMessage());
    }

    @Test
    void stalledUpstreamTimesOut() throws Exception {
        registry.on("/v2/", exchange -> Thread.sleep(60_000));
        HttpUpstreamRegistry upstream = upstream(registry.uri(), Optional.empty(), Optional.empty(), Duration.ofMillis(300), clock);

        long start = System.nanoTime();
        UpstreamException e = expectFailure(Kind.UNAVAILABLE, () -> upstream.headManifest(REPO, "latest"));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    }

    @Test
    void closedRegistryRefusesWork() throws Exception {
        anonymousRegistry();
        HttpUpstreamRegistry upstream = upstream(Optional.empty(), Optional.empty());
        upstream.close();

        expectFailure(Kind.UNAVAILABLE, () -> upstream.getManifest(REPO, "latest"));
    }

    @Test
    void constructorChecksItsArguments() {
        URI uri = URI.create("https://registry.example");
        assertThrows(IllegalArgumentException.class,
                () -> new HttpUpstreamRegistry(uri, Optional.of(USER), Optional.empty(), TIMEOUT, FILLS));
        assertThrows(IllegalArgumentException.class,
                () -> new HttpUpstreamRegistry(uri, Optional.empty(), Optional.empty(), Duration.ZERO, FILLS));
        assertThrows(IllegalArgumentException.class,
                () -> new HttpUpstreamRegistry(uri, Optional.empty(), Optional.empty(), TIMEOUT, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HttpUpstreamRegistry(
                URI.create("https://" + USER + ":" + PASSWORD + "@registry.example"), Optional.empty(), Optional.empty(), TIMEOUT,
                FILLS));
        exceptionMessages.add(e.getMessage());
    }

    // ---- fakes

    private void anonymousRegistry() {
        registry.on("/v2/", exchange -> respond(exchange, 200, Map.of("Docker-Distribution-API-Version", "registry/2.0"), "{}"));
    }

    private void basicRegistry() {
        registry.on("/v2/", exchange -> respond(exchange, 401, Map.of("WWW-Authenticate", "Basic realm=\"fake\""), "{}"));
    }

    private void bearerRegistry() {
        registry.on("/v2/", exchange -> respond(exchange, 401, Map.of("WWW-Authenticate", bearerChallenge()), "{}"));
    }

    private String bearerChallenge() {
        return "Bearer realm=\"" + auth.uri("/token") + "\",service=\"fake-registry\"";
    }

    /** A token server issuing tokens -1, -2, … in the given JSON, each accepted by the registry. */
    private void tokenServer(boolean requireCredentials, String jsonTemplate) {
        auth.on("/token", exchange -> {
            if (requireCredentials && !BASIC.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, Map.of(), "{}");
                return;
            }
            String token = TOKEN_PREFIX + "-" + tokensIssued.incrementAndGet();
            acceptedTokens.add(token);
            respond(exchange, 200, Map.of("Content-Type", "application/json"), String.format(jsonTemplate, token));
        });
    }

    private FakeServer.Route bearerGuarded(FakeServer.Route inner) {
        return guarded(value -> value.startsWith("Bearer ") && acceptedTokens.contains(value.substring(7)),
                bearerChallenge() + ",scope=\"repository:library/app:pull\"", inner);
    }

    private static FakeServer.Route guarded(java.util.function.Predicate<String> authorized, String challenge, FakeServer.Route inner) {
        return exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorized.test(authorization)) {
                respond(exchange, 401, Map.of("WWW-Authenticate", challenge, "Content-Type", "application/json"),
                        "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
            } else {
                inner.handle(exchange);
            }
        };
    }

    private static FakeServer.Route manifestRoute(boolean withDigest) {
        return exchange -> {
            Map<String, String> headers = withDigest
                    ? Map.of("Content-Type", MediaTypes.OCI_MANIFEST, "Docker-Content-Digest", Digest.sha256Of(MANIFEST).toString())
                    : Map.of("Content-Type", MediaTypes.OCI_MANIFEST);
            respond(exchange, 200, headers, MANIFEST);
        };
    }

    private static FakeServer.Route blobRoute() {
        return exchange -> respond(exchange, 200, Map.of("Content-Type", MediaTypes.OCTET_STREAM), BLOB);
    }

    private HttpUpstreamRegistry upstream(Optional<String> username, Optional<String> password) {
        return upstream(registry.uri(), username, password, TIMEOUT, clock);
    }

    private HttpUpstreamRegistry upstream(URI uri, Optional<String> username, Optional<String> password, Duration timeout, Clock clock) {
        return closing(new HttpUpstreamRegistry(uri, username, password, timeout, FILLS, clock));
    }

    /** A fill's deadline that no test reaches. */
    private static Instant inAMinute() {
        return Instant.now().plus(Duration.ofMinutes(1));
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    /** Runs a call that must fail with the given kind; its messages join those checked for secrets. */
    private UpstreamException expectFailure(Kind kind, Callable<?> call) {
        Executable executable = call::call;
        UpstreamException e = assertThrows(UpstreamException.class, executable);
        for (Throwable t = e; t != null; t = t.getCause()) {
            exceptionMessages.add(String.valueOf(t.getMessage()));
        }
        assertEquals(kind, e.kind(), e.getMessage());
        return e;
    }

    private List<String> warnings() {
        return messages(Level.WARNING);
    }

    private List<String> infos() {
        return messages(Level.INFO);
    }

    private List<String> messages(Level level) {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream().filter(r -> r.getLevel().equals(level)).map(formatter::formatMessage).toList();
    }

    private static Map<String, String> query(FakeServer.Request request) {
        Map<String, String> params = new java.util.TreeMap<>();
        for (String pair : request.query().split("&")) {
            String[] parts = pair.split("=", 2);
            params.put(java.net.URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }
}
