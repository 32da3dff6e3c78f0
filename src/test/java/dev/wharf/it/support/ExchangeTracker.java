package dev.wharf.it.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Follows the HTTP/1.1 exchanges on one connection through a {@link ThrottledRelay} from the
 * bytes passing through it, so a test can tell when a response's last byte left the relay and
 * how much of a body was still to come at a given moment. Requests are framed by
 * {@code Content-Length}; responses by {@code Content-Length}, chunked encoding, no body
 * (HEAD, 204, 304) or the connection's end. A request with a chunked body makes the rest of
 * the connection untracked (Wharf sends none to its upstream).
 */
final class ExchangeTracker {
    private static final long CLOSE_DELIMITED = -2;

    /** One exchange as it progresses; read by tests while the relay's threads write it. */
    static final class Tracked {
        final String method;
        final String uri;
        final long requestNanos;
        volatile int status = -1;
        volatile long contentLength = -1;
        volatile long bodySent;
        volatile long firstByteNanos;
        volatile long lastByteNanos;
        volatile boolean complete;

        Tracked(String method, String uri, long requestNanos) {
            this.method = method;
            this.uri = uri;
            this.requestNanos = requestNanos;
        }

        ThrottledRelay.Exchange snapshot() {
            return new ThrottledRelay.Exchange(method, uri, status, contentLength, bodySent, requestNanos, firstByteNanos,
                    lastByteNanos, complete);
        }
    }

    private enum State { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, UNTIL_CLOSE, LOST }

    // Requests whose response has not begun: filled before the request is forwarded, so a
    // response can never arrive ahead of its entry.
    private final Queue<Tracked> pending = new ConcurrentLinkedQueue<>();
    private final Consumer<Tracked> onRequest;

    private State requestState = State.HEAD;
    private final ByteArrayOutputStream requestHead = new ByteArrayOutputStream();
    private long requestRemaining;

    private State responseState = State.HEAD;
    private final ByteArrayOutputStream responseHead = new ByteArrayOutputStream();
    private long responseRemaining;
    private Tracked current;

    ExchangeTracker(Consumer<Tracked> onRequest) {
        this.onRequest = onRequest;
    }

    /** Bytes from the client, before they are forwarded to the target (relay's client-side thread only). */
    void fromClient(byte[] buffer, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end && requestState != State.LOST) {
            if (requestState == State.HEAD) {
                requestHead.write(buffer[i++]);
                if (endsWithBlankLine(requestHead)) {
                    request(requestHead.toString(StandardCharsets.ISO_8859_1));
                    requestHead.reset();
                }
            } else {
                int skip = (int) Math.min(requestRemaining, end - i);
                i += skip;
                requestRemaining -= skip;
                if (requestRemaining == 0) {
                    requestState = State.HEAD;
                }
            }
        }
    }

    private void request(String head) {
        String[] line = head.split("\r\n", 2)[0].split(" ");
        if (line.length < 2) {
            requestState = State.LOST;
            return;
        }
        Tracked tracked = new Tracked(line[0], line[1], System.nanoTime());
        pending.add(tracked);
        onRequest.accept(tracked);
        if (header(head, "transfer-encoding") != null) {
            requestState = State.LOST;
            return;
        }
        String length = header(head, "content-length");
        requestRemaining = length == null ? 0 : Long.parseLong(length);
        requestState = requestRemaining > 0 ? State.BODY : State.HEAD;
    }

    /** Bytes from the target, just written to the client at {@code nanos} (relay's target-side thread only). */
    void fromTarget(byte[] buffer, int offset, int length, long nanos) {
        int i = offset;
        int end = offset + length;
        while (i < end && responseState != State.LOST) {
            switch (responseState) {
                case HEAD -> {
                    if (responseHead.size() == 0 && current == null) {
                        current = pending.poll();
                        if (current == null) {
                            responseState = State.LOST;
                            return;
                        }
                        current.firstByteNanos = nanos;
                    }
                    responseHead.write(buffer[i++]);
                    if (endsWithBlankLine(responseHead)) {
                        response(responseHead.toString(StandardCharsets.ISO_8859_1), nanos);
                        responseHead.reset();
                    }
                }
                case BODY -> {
                    int take = (int) Math.min(responseRemaining, end - i);
                    i += take;
                    responseRemaining -= take;
                    current.bodySent += take;
                    if (responseRemaining == 0) {
                        finish(nanos);
                    }
                }
                case CHUNK_DATA -> {
                    int take = (int) Math.min(responseRemaining, end - i);
                    i += take;
                    responseRemaining -= take;
                    current.bodySent += take;
                    if (responseRemaining == 0) {
                        responseState = State.CHUNK_END;
                    }
                }
                case CHUNK_SIZE, CHUNK_END, TRAILER -> {
                    responseHead.write(buffer[i++]);
                    if (buffer[i - 1] == '\n') {
                        chunkLine(responseHead.toString(StandardCharsets.ISO_8859_1).trim(), nanos);
                        responseHead.reset();
                    }
                }
                case UNTIL_CLOSE -> {
                    current.bodySent += end - i;
                    i = end;
                }
                default -> throw new IllegalStateException(responseState.toString());
            }
        }
    }

    /** The target closed its side at {@code nanos}: a body delimited by the connection's end is complete. */
    void targetClosed(long nanos) {
        if (responseState == State.UNTIL_CLOSE) {
            finish(nanos);
        }
    }

    private void response(String head, long nanos) {
        int status = Integer.parseInt(head.split(" ", 3)[1]);
        if (status >= 100 && status < 200 && status != 101) {
            return; // interim: the final response follows for the same request
        }
        current.status = status;
        String encoding = header(head, "transfer-encoding");
        String length = header(head, "content-length");
        if (current.method.equals("HEAD") || status == 204 || status == 304) {
            current.contentLength = length == null ? 0 : Long.parseLong(length);
            finish(nanos);
        } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            responseState = State.CHUNK_SIZE;
        } else if (length != null) {
            current.contentLength = Long.parseLong(length);
            responseRemaining = current.contentLength;
            if (responseRemaining == 0) {
                finish(nanos);
            } else {
                responseState = State.BODY;
            }
        } else {
            current.contentLength = CLOSE_DELIMITED;
            responseState = State.UNTIL_CLOSE;
        }
    }

    private void chunkLine(String line, long nanos) {
        switch (responseState) {
            case CHUNK_SIZE -> {
                int extension = line.indexOf(';');
                responseRemaining = Long.parseLong(extension < 0 ? line : line.substring(0, extension), 16);
                responseState = responseRemaining == 0 ? State.TRAILER : State.CHUNK_DATA;
            }
            case CHUNK_END -> responseState = State.CHUNK_SIZE;
            case TRAILER -> {
                if (line.isEmpty()) {
                    finish(nanos);
                }
            }
            default -> throw new IllegalStateException(responseState.toString());
        }
    }

    private void finish(long nanos) {
        current.lastByteNanos = nanos;
        current.complete = true;
        current = null;
        responseState = State.HEAD;
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
        int size = head.size();
        if (size < 4 || head.toByteArray()[size - 1] != '\n') {
            return false;
        }
        byte[] bytes = head.toByteArray();
        return bytes[size - 4] == '\r' && bytes[size - 3] == '\n' && bytes[size - 2] == '\r' && bytes[size - 1] == '\n';
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
