package dev.wharf.config;

import java.util.Optional;

/**
 * The {@code http} section.
 *
 * @param prefix {@code http.prefix}: the context path the WAR is meant to be deployed at
 *     (the servlet container decides the real one; a mismatch is logged), default {@code /}
 * @param relativeUrls {@code http.relativeurls}: answer {@code Location} headers with paths
 *     instead of absolute URLs, default false
 * @param host {@code http.host}: the externally visible base URL (scheme, host, port) to use in
 *     absolute {@code Location} headers instead of the request's; empty when unset
 */
public record HttpConfig(String prefix, boolean relativeUrls, Optional<String> host) {}
