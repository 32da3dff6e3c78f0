/**
 * The mirror's client for its upstream registry, and the only package that uses HttpClient 5.
 *
 * <p>{@link dev.wharf.upstream.HttpUpstreamRegistry} implements
 * {@link dev.wharf.upstream.UpstreamRegistry} from one small class per HTTP step, as Jib's registry
 * client does:
 *
 * <pre>
 * HttpUpstreamRegistry ─► ManifestHeader │ ManifestFetcher │ BlobChecker │ BlobFetcher │ TagLister
 *                            │ (blobs: Redirects, without Authorization)
 *                            ▼
 *                        EndpointCaller  ── 401: re-read challenge, drop token, retry once; 401/403 DENIED; 5xx/429 UNAVAILABLE
 *                            │   └─ Authenticator ── pings /v2/ once: anonymous │ Basic │ Bearer
 *                            │          └─ BearerTokens (cache per realm, service, scope) ─► TokenFetcher
 *                            ▼
 *                        Transport ── pooled CloseableHttpClient, timeouts, FINE request log; I/O errors UNAVAILABLE
 *                                     (two: one pool for blob transfers, one for everything else)
 * </pre>
 *
 * <p>{@code Challenges} reads {@code WWW-Authenticate} with HttpClient's parser; {@code Deadline}
 * bounds the start of a blob transfer ({@code proxy.filltimeout}); {@code Urls}
 * builds endpoint URLs and is the one place URLs are made safe for logs (no user info, no query).
 */
package dev.wharf.upstream;
