package dev.wharf.it.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A Docker token service (the {@code realm} of distribution's {@code auth.token}) on a free local
 * port: {@code GET /token?service=..&scope=repository:<name>:pull,push&account=..} with optional
 * HTTP Basic credentials (and the OAuth2 {@code POST /token} password grant) answers
 * {@code {"token", "access_token", "expires_in", "issued_at"}} carrying an RS256 JWT whose
 * header holds the signing certificate in {@code x5c}; {@link #writeCertificate} writes that
 * self-signed certificate as the PEM bundle distribution trusts.
 *
 * <p>Users are granted pull, and push when configured so; anonymous requests get pull tokens
 * only when allowed, else 401. Wrong credentials always get 401. Every token request is
 * recorded, for tests about token reuse.
 */
public final class TokenServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String service;
    private final String issuer;
    private final boolean anonymousPull;
    private final long expiresInSeconds;
    private final Map<String, User> users;
    private final Set<String> denied;
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final HttpServer server;
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();

    private record User(String password, boolean push) {}

    /** One token request: the authenticated account ({@code null} when anonymous), the scopes asked, granted or not. */
    public record TokenRequest(String account, List<String> scopes, boolean granted) {}

    private TokenServer(Builder builder) {
        this.service = builder.service;
        this.issuer = builder.issuer;
        this.anonymousPull = builder.anonymousPull;
        this.expiresInSeconds = builder.expiresInSeconds;
        this.users = Map.copyOf(builder.users);
        this.denied = Set.copyOf(builder.denied);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
            this.certificate = selfSigned(keys);
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/token", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "token-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options: service and issuer names, users, anonymous pulls, token lifetime. */
    public static final class Builder {
        private String service = "wharf-upstream";
        private String issuer = "wharf-test-token-issuer";
        private boolean anonymousPull;
        private long expiresInSeconds = 300;
        private final Map<String, User> users = new LinkedHashMap<>();
        private final Set<String> denied = new LinkedHashSet<>();

        public Builder service(String service) {
            this.service = service;
            return this;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** A user granted pull on every repository. */
        public Builder puller(String user, String password) {
            users.put(user, new User(password, false));
            return this;
        }

        /** A user granted pull and push on every repository. */
        public Builder pusher(String user, String password) {
            users.put(user, new User(password, true));
            return this;
        }

        /** Whether requests without credentials get pull tokens (default: refused with 401). */
        public Builder anonymousPull(boolean allowed) {
            this.anonymousPull = allowed;
            return this;
        }

        /** A repository nobody gets any access to (tokens for it carry no actions). */
        public Builder deny(String repository) {
            denied.add(repository);
            return this;
        }

        public Builder expiresIn(long seconds) {
            this.expiresInSeconds = seconds;
            return this;
        }

        public TokenServer start() {
            return new TokenServer(this);
        }
    }

    /** The token endpoint, for distribution's {@code auth.token.realm}. */
    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public String service() {
        return service;
    }

    public String issuer() {
        return issuer;
    }

    /** Writes the signing certificate as PEM (distribution's {@code rootcertbundle}). */
    public Path writeCertificate(Path file) {
        try {
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, pem);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every token request so far, granted or refused. */
    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    /** How many token requests this account made ({@code null}: anonymous ones). */
    public int tokenRequests(String account) {
        return (int) requests.stream().filter(r -> java.util.Objects.equals(r.account(), account)).count();
    }

    /** Every token issued so far (no response of the mirror may contain one). */
    public List<String> issuedTokens() {
        return List.copyOf(issued);
    }

    /** How many token requests were answered with 401. */
    public int refusedRequests() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            parseForm(exchange.getRequestURI().getRawQuery(), params);
            String account = null;
            String password = null;
            if (exchange.getRequestMethod().equals("POST")) {
                parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), params);
                if ("password".equals(first(params, "grant_type"))) {
                    account = first(params, "username");
                    password = first(params, "password");
                }
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                account = colon < 0 ? decoded : decoded.substring(0, colon);
                password = colon < 0 ? "" : decoded.substring(colon + 1);
            }
            List<String> scopes = new ArrayList<>();
            for (String scope : params.getOrDefault("scope", List.of())) {
                for (String one : scope.split(" ")) {
                    if (!one.isBlank()) {
                        scopes.add(one);
                    }
                }
            }
            User user = account == null ? null : users.get(account);
            boolean authenticated = user != null && user.password().equals(password);
            boolean serviceOk = service.equals(first(params, "service"));
            if (!serviceOk || (account != null && !authenticated) || (account == null && !anonymousPull)) {
                requests.add(new TokenRequest(account, scopes, false));
                refused.incrementAndGet();
                byte[] body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"wharf-test-token-server\"");
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            requests.add(new TokenRequest(account, scopes, true));
            String token = token(account == null ? "" : account, scopes, user != null && user.push());
            issued.add(token);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("token", token);
            response.put("access_token", token);
            response.put("expires_in", expiresInSeconds);
            response.put("issued_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            byte[] body = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (RuntimeException | JOSEException e) {
            throw new IOException("token server failed: " + e, e);
        }
    }

    private String token(String subject, List<String> scopes, boolean push) throws JOSEException {
        List<Map<String, Object>> access = new ArrayList<>();
        for (String scope : scopes) {
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first < 0 || last <= first) {
                continue;
            }
            String type = scope.substring(0, first);
            String name = scope.substring(first + 1, last);
            Set<String> granted = new LinkedHashSet<>();
            for (String action : scope.substring(last + 1).split(",")) {
                if (type.equals("repository") && !denied.contains(name) && (action.equals("pull") || (push && action.equals("push")))) {
                    granted.add(action);
                }
            }
            if (!granted.isEmpty()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("type", type);
                entry.put("name", name);
                entry.put("actions", List.copyOf(granted));
                access.add(entry);
            }
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(service)
                .expirationTime(Date.from(now.plusSeconds(expiresInSeconds)))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .issueTime(Date.from(now))
                .jwtID(UUID.randomUUID().toString())
                .claim("access", access)
                .build();
        JWSHeader header;
        try {
            header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(certificate.getEncoded()))).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        return jwt.serialize();
    }

    private static X509Certificate selfSigned(KeyPair keys) throws GeneralSecurityException, OperatorCreationException {
        try {
            X500Name name = new X500Name("CN=wharf test token issuer");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(2, ChronoUnit.DAYS)), name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        } catch (org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void parseForm(String raw, Map<String, List<String>> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            into.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
    }

    private static String first(Map<String, List<String>> params, String key) {
        List<String> values = params.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
