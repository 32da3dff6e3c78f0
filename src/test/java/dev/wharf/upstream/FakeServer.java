package dev.wharf.upstream;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fake upstream on a free local port, built from the JDK's HttpServer: routes by exact path,
 * 404 otherwise, and a record of every request it saw. Used as registry, token server and CDN.
 */
final class FakeServer implements AutoCloseable {

    /** One route's behaviour. */
    @FunctionalInterface
    interface Route {
        void handle(HttpExchange exchange) throws Exception;
    }

    /** A request as the server saw it. */
    record Request(String method, String path, String query, Map<String, List<String>> headers, int remotePort) {
        Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        List<String> headerValues(String name) {
            return headers.getOrDefault(name, List.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), headers, exchange.getRemoteAddress().getPort()));
                Route route = routes.get(exchange.getRequestURI().getRawPath());
                if (route == null) {
                    respond(exchange, 404, Map.of("Content-Type", "application/json"),
                            "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}");
                } else {
                    route.handle(exchange);
                }
            } catch (Exception e) {
                // The client went away, or a test route stopped waiting: nothing to answer.
            }
        });
        server.start();
    }

    /** Serves a path with a route (replacing an earlier one). */
    FakeServer on(String path, Route route) {
        routes.put(path, route);
        return this;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    URI uri(String path) {
        return URI.create(uri() + path);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    int count(String path) {
        return requests(path).size();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        respond(exchange, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Answers with a fixed-length body, or for a HEAD with the same headers and no body (the JDK
     * server would drop our Content-Length if we passed a length).
     */
    static void respond(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        Headers out = exchange.getResponseHeaders();
        headers.forEach(out::add);
        if (exchange.getRequestMethod().equals("HEAD")) {
            if (!headers.containsKey("Content-Length")) {
                out.set("Content-Length", Integer.toString(body.length));
            }
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
    }
}
