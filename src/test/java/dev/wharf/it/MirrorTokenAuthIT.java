package dev.wharf.it;

import static dev.wharf.it.support.RegistryClient.assertErrorBrief;
import static dev.wharf.it.support.RegistryClient.brief;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.Distribution;
import dev.wharf.it.support.OciLayout;
import dev.wharf.it.support.RegistryClient;
import dev.wharf.it.support.TokenServer;
import dev.wharf.it.support.Tools;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Wharf (as {@code ROOT}) mirroring a distribution 2.8 that wants Bearer tokens from a token
 * service ({@link TokenServer}); Wharf's {@code proxy.username} may only pull, a second user
 * populates the upstream. One repository is off limits to everyone, to provoke upstream auth
 * failures. Tokens the token service issued count as secrets too.
 */
class MirrorTokenAuthIT extends MirrorClientsContract {
    private static final String PUSHER = "mirror-token-pusher";
    private static final String PUSHER_PASSWORD = "Pusher-Secret-4hQw";
    private static final String READER = "mirror-token-reader-x2";
    private static final String READER_PASSWORD = "Reader-Secret-8Lp3";
    private static final String FORBIDDEN = "mirror-token/forbidden";
    private static TokenServer tokens;
    private static Distribution upstream;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Path work = Deployments.freshDirectory("mirror-token-upstream");
        tokens = TokenServer.builder().pusher(PUSHER, PUSHER_PASSWORD).puller(READER, READER_PASSWORD).deny(FORBIDDEN).start();
        upstream = Distribution.builder(work.resolve("root"), work.resolve("distribution")).tokenAuth(tokens).start();
        Map<String, String> jndi = Deployments.filesystem("mirror-token", true);
        jndi.put("proxy/remoteurl", upstream.url());
        jndi.put("proxy/username", READER);
        jndi.put("proxy/password", READER_PASSWORD);
        return Deployments.war("ROOT", jndi);
    }

    @AfterAll
    static void stopUpstream() {
        if (upstream != null) {
            upstream.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @Override
    protected Upstream upstream() {
        return new Upstream(upstream, PUSHER + ":" + PUSHER_PASSWORD,
                List.of(READER + ":" + READER_PASSWORD, READER_PASSWORD, READER, PUSHER_PASSWORD), "mirror-token");
    }

    @Override
    List<String> allSecrets() {
        List<String> all = new ArrayList<>(super.allSecrets());
        all.addAll(tokens.issuedTokens());
        return all;
    }

    /*
     * What Wharf answers for a repository the upstream refuses it (401 with a token for it), pinned
     * exactly so that neither a 500 nor a quiet change passes: 403 DENIED on every path (manifest,
     * uncached blob, blob cached for another repository, tag list, GET or HEAD). A refusal is not
     * an outage: 503 would tell the client to retry what will be refused again.
     */
    private static final int REFUSED_STATUS = 403;
    private static final String REFUSED_CODE = "DENIED";

    /** The upstream refuses Wharf's token for the forbidden repository: exact errors, and no secret in them. */
    @Override
    protected List<HttpResponse<byte[]>> extraProbes() {
        String uncached = "sha256:" + "2".repeat(64);
        List<HttpResponse<byte[]>> responses = List.of(
                wharf.get("v2/" + FORBIDDEN + "/manifests/v1", "Accept", Content.OCI_MANIFEST),
                wharf.head("v2/" + FORBIDDEN + "/manifests/v1", "Accept", Content.OCI_MANIFEST),
                wharf.get("v2/" + FORBIDDEN + "/blobs/" + uncached),
                wharf.get("v2/" + FORBIDDEN + "/tags/list"));
        assertTrue(tokens.requests().stream().anyMatch(r -> READER.equals(r.account()) && r.granted()),
                () -> "Wharf never got a token as " + READER + ": " + tokens.requests());
        assertErrorBrief(responses.get(0), REFUSED_STATUS, REFUSED_CODE);
        assertHead(responses.get(1), REFUSED_STATUS);
        assertErrorBrief(responses.get(2), REFUSED_STATUS, REFUSED_CODE);
        assertErrorBrief(responses.get(3), REFUSED_STATUS, REFUSED_CODE);
        return responses;
    }

    /**
     * Content cached for a repository Wharf may pull is not served under the name of a repository
     * the upstream refuses Wharf (401 with a token for it): a refusal is not an outage.
     */
    @Test
    void repositoryTheUpstreamRefusesGetsNothingCachedForAnother() {
        String layer = images.single().layerDigests().get(0);
        HttpResponse<byte[]> cached = wharf.get("v2/" + repo("single") + "/blobs/" + layer);
        assertEquals(200, cached.statusCode(), () -> brief(cached));
        HttpResponse<byte[]> manifest = wharf.get("v2/" + repo("single") + "/manifests/" + images.single().digest(),
                "Accept", Content.OCI_MANIFEST);
        assertEquals(200, manifest.statusCode(), () -> brief(manifest));

        HttpResponse<byte[]> blobGet = wharf.get("v2/" + FORBIDDEN + "/blobs/" + layer);
        HttpResponse<byte[]> blobHead = wharf.head("v2/" + FORBIDDEN + "/blobs/" + layer);
        HttpResponse<byte[]> manifestGet = wharf.get("v2/" + FORBIDDEN + "/manifests/" + images.single().digest(),
                "Accept", Content.OCI_MANIFEST);
        HttpResponse<byte[]> manifestHead = wharf.head("v2/" + FORBIDDEN + "/manifests/" + images.single().digest(),
                "Accept", Content.OCI_MANIFEST);
        HttpResponse<byte[]> tags = wharf.get("v2/" + FORBIDDEN + "/tags/list");
        for (HttpResponse<byte[]> refused : List.of(blobGet, blobHead, manifestGet, manifestHead, tags)) {
            assertNoSecrets(refused);
        }
        assertErrorBrief(blobGet, REFUSED_STATUS, REFUSED_CODE);
        assertHead(blobHead, REFUSED_STATUS);
        assertErrorBrief(manifestGet, REFUSED_STATUS, REFUSED_CODE);
        assertHead(manifestHead, REFUSED_STATUS);
        assertErrorBrief(tags, REFUSED_STATUS, REFUSED_CODE);
    }

    private static void assertHead(HttpResponse<byte[]> response, int status) {
        assertEquals(status, response.statusCode(), () -> brief(response));
        assertEquals(0, response.body().length, () -> "a HEAD answered with a body: " + brief(response));
    }

    /**
     * A token is good for its lifetime (300 s here) and scope: pulling an image request by request
     * asks the token service once for the repository, not once per upstream request.
     */
    @Test
    void upstreamTokensAreReusedAcrossRequests() {
        OciLayout layout = new OciLayout(work.resolve("src"));
        OciLayout.Written image = layout.image("amd64", 3, 7_301);
        layout.tag(image, Content.OCI_MANIFEST, "v1");
        String repository = repo("token-reuse");
        Tools.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", PUSHER + ":" + PUSHER_PASSWORD,
                "oci:" + layout.directory() + ":v1", "docker://" + upstream.host() + "/" + repository + ":v1");

        int tokensBefore = tokens.tokenRequests(READER);
        int upstreamBefore = upstream.requests().size();
        HttpResponse<byte[]> manifest = wharf.get("v2/" + repository + "/manifests/v1", "Accept", Content.OCI_MANIFEST);
        assertEquals(200, manifest.statusCode(), () -> RegistryClient.text(manifest));
        assertEquals(image.digest(), Content.sha256(manifest.body()));
        List<String> blobs = new ArrayList<>(image.layerDigests());
        blobs.add(RegistryClient.json(manifest).path("config").path("digest").asText());
        for (String blob : blobs) {
            HttpResponse<byte[]> response = wharf.get("v2/" + repository + "/blobs/" + blob);
            assertEquals(200, response.statusCode(), () -> RegistryClient.text(response));
            assertEquals(blob, Content.sha256(response.body()));
        }
        upstream.awaitQuiet(Distribution.QUIET, java.time.Duration.ofSeconds(30));
        List<Distribution.Request> upstreamRequests = upstream.requests().subList(upstreamBefore, upstream.requests().size());
        long authorised = upstreamRequests.stream().filter(r -> r.path().startsWith("/v2/" + repository + "/") && r.status() != 401).count();
        int tokenRequests = tokens.tokenRequests(READER) - tokensBefore;
        assertTrue(authorised >= 5, () -> "expected at least 5 upstream requests for the manifest and 4 blobs: " + upstream.requestsMentioning(repository));
        assertTrue(tokenRequests >= 1 && tokenRequests <= 2, () -> tokenRequests + " token requests for " + authorised
                + " upstream requests in one repository within the token's lifetime: " + tokens.requests());
    }
}
