package dev.wharf.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.domain.RepositoryName;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** GET a repository's tags, page after page as {@code Link: <…>; rel="next"} leads. */
final class TagLister {

    private static final int MAX_PAGE = 4 * 1024 * 1024;
    /** A bound on pages, so that an upstream cannot keep us paging forever. */
    private static final int MAX_PAGES = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EndpointCaller caller;
    private final Urls urls;

    TagLister(EndpointCaller caller, Urls urls) {
        this.caller = caller;
        this.urls = urls;
    }

    Optional<List<String>> tags(RepositoryName repository) throws UpstreamException {
        List<String> tags = new ArrayList<>();
        URI first = urls.tags(repository);
        Set<URI> seen = new HashSet<>();
        URI page = first;
        while (page != null) {
            if (!seen.add(page) || seen.size() > MAX_PAGES) {
                throw new UpstreamException(UpstreamException.Kind.INVALID,
                        "tag pages of " + Urls.redact(first) + " do not end");
            }
            try (Exchange exchange = caller.call("GET", page, repository, List.of("application/json"))) {
                if (exchange.status() == 404 && page == first) {
                    return Optional.empty();
                }
                if (exchange.status() != 200) {
                    throw exchange.unexpected();
                }
                readTags(exchange, tags);
                page = next(exchange, first);
            }
        }
        return Optional.of(tags);
    }

    private static void readTags(Exchange exchange, List<String> tags) throws UpstreamException {
        JsonNode root;
        try {
            root = JSON.readTree(exchange.body(MAX_PAGE));
        } catch (IOException e) {
            throw new UpstreamException(UpstreamException.Kind.INVALID, exchange.describe() + " answered no JSON");
        }
        if (root == null || !root.isObject()) {
            throw new UpstreamException(UpstreamException.Kind.INVALID, exchange.describe() + " answered no JSON object");
        }
        JsonNode list = root.get("tags");
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            throw new UpstreamException(UpstreamException.Kind.INVALID, exchange.describe() + " answered 'tags' that is no array");
        }
        for (JsonNode tag : list) {
            if (!tag.isTextual()) {
                throw new UpstreamException(UpstreamException.Kind.INVALID, exchange.describe() + " listed a tag that is no string");
            }
            tags.add(tag.asText());
        }
    }

    /** The next page, resolved against this one; only on the upstream itself, where our token may go. */
    private static URI next(Exchange exchange, URI first) throws UpstreamException {
        Optional<String> link = nextLink(exchange.headers("Link"));
        if (link.isEmpty()) {
            return null;
        }
        URI next;
        try {
            next = exchange.uri().resolve(link.get());
        } catch (IllegalArgumentException e) {
            throw new UpstreamException(UpstreamException.Kind.INVALID, exchange.describe() + " answered a malformed Link");
        }
        if (!Urls.sameOrigin(first, next)) {
            throw new UpstreamException(UpstreamException.Kind.INVALID,
                    exchange.describe() + " linked its next tag page to another host: " + Urls.redact(next));
        }
        return next;
    }

    /** The target of the {@code rel="next"} link among {@code Link} header values (RFC 8288). */
    static Optional<String> nextLink(List<String> headerValues) {
        for (String value : headerValues) {
            int pos = 0;
            while (true) {
                int open = value.indexOf('<', pos);
                if (open < 0) {
                    break;
                }
                int close = value.indexOf('>', open);
                if (close < 0) {
                    break;
                }
                String target = value.substring(open + 1, close).trim();
                int following = value.indexOf('<', close);
                String params = value.substring(close + 1, following < 0 ? value.length() : following);
                if (isNext(params)) {
                    return Optional.of(target);
                }
                pos = close + 1;
            }
        }
        return Optional.empty();
    }

    private static boolean isNext(String params) {
        for (String param : params.split(";")) {
            String[] pair = param.split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("rel")) {
                String rel = pair[1].trim();
                int end = rel.indexOf(',');
                if (end >= 0 && !rel.startsWith("\"")) {
                    rel = rel.substring(0, end);
                }
                rel = rel.replace("\"", "").replace(",", " ").trim().toLowerCase(Locale.ROOT);
                for (String type : rel.split("\\s+")) {
                    if (type.equals("next")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
