package dev.wharf.api;

import java.util.List;

/** {@code If-None-Match} as RFC 9110 §13.1.2 reads it: a list of tags, compared weakly, or {@code *}. */
final class EntityTags {
    private EntityTags() {}

    /** Whether any {@code If-None-Match} header matches the entity tag {@code "<value>"}. */
    static boolean matches(List<String> headers, String value) {
        if (headers == null) {
            return false;
        }
        for (String header : headers) {
            for (String candidate : header.split(",")) {
                String tag = candidate.trim();
                if (tag.equals("*")) {
                    return true;
                }
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")
                        && tag.substring(1, tag.length() - 1).equals(value)) {
                    return true;
                }
            }
        }
        return false;
    }
}
