package dev.wharf.it;

import static dev.wharf.it.support.RegistryClient.assertError;
import static dev.wharf.it.support.RegistryClient.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.Images;
import dev.wharf.it.support.RegistryClient;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /v2/<name>/tags/list} and {@code GET /v2/_catalog}: lexical order, paging with
 * {@code n} and {@code last}, the {@code Link} header to the next page (followed as a client
 * follows it), and refused page sizes.
 */
@ExtendWith(ArquillianExtension.class)
class ListingApiIT {
    private static final String CONTEXT = "listingapi";
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war(CONTEXT, Deployments.filesystem(CONTEXT, true));
    }

    @ArquillianResource
    URL base;

    RegistryClient registry;

    @BeforeEach
    void connect() {
        registry = new RegistryClient(base);
    }

    // ---- tags ---------------------------------------------------------------------------------

    /** Pushed out of order; lexically (byte order) "10" < "9" and "v10" < "v2". */
    private static final List<String> SORTED_TAGS = List.of("1", "10", "9", "latest", "v1-rc", "v1.0", "v10", "v2");

    @Test
    void tagsAreListedInLexicalOrder() {
        String repository = "list/sorted";
        pushTags(repository, List.of("v2", "latest", "v10", "9", "v1.0", "1", "v1-rc", "10"));

        HttpResponse<byte[]> response = registry.get("v2/" + repository + "/tags/list");

        assertEquals(200, response.statusCode(), () -> RegistryClient.text(response));
        assertEquals("application/json", header(response, "Content-Type").split(";")[0]);
        JsonNode body = RegistryClient.json(response);
        assertEquals(repository, body.path("name").asText());
        assertEquals(SORTED_TAGS, strings(body.path("tags")));
        assertNull(header(response, "Link"), "one page holds everything: no Link");
    }

    @Test
    void nLimitsThePageAndLinkLeadsToTheNext() {
        String repository = "list/paged";
        pushTags(repository, SORTED_TAGS);

        HttpResponse<byte[]> first = registry.get("v2/" + repository + "/tags/list?n=3");
        assertEquals(List.of("1", "10", "9"), tags(first));
        String link = nextLink(first);
        assertNotNull(link, "more tags remain: Link to the next page");
        assertTrue(link.startsWith(base + "v2/" + repository + "/tags/list?"),
                () -> "Link must be absolute, under the context path: " + link);
        assertTrue(link.contains("n=3"), link);
        assertTrue(link.contains("last=9"), link);

        List<String> all = new ArrayList<>(tags(first));
        List<Integer> pageSizes = new ArrayList<>(List.of(3));
        String next = link;
        while (next != null) {
            HttpResponse<byte[]> page = registry.get(next);
            assertEquals(200, page.statusCode(), () -> RegistryClient.text(page));
            all.addAll(tags(page));
            pageSizes.add(tags(page).size());
            next = nextLink(page);
        }
        assertEquals(SORTED_TAGS, all, "following Link visits every tag once, in order");
        assertEquals(List.of(3, 3, 2), pageSizes);
    }

    @Test
    void lastStartsAfterTheGivenTag() {
        String repository = "list/last";
        pushTags(repository, SORTED_TAGS);
        String path = "v2/" + repository + "/tags/list";

        assertEquals(List.of("v1-rc", "v1.0", "v10", "v2"), tags(registry.get(path + "?last=latest")));
        assertEquals(List.of("v1-rc", "v1.0"), tags(registry.get(path + "?n=2&last=latest")));
        assertEquals(List.of("latest", "v1-rc"), tags(registry.get(path + "?n=2&last=a")),
                "last need not be a tag that exists");
        assertEquals(List.of(), tags(registry.get(path + "?last=v2")));
        HttpResponse<byte[]> tail = registry.get(path + "?n=2&last=v10");
        assertEquals(List.of("v2"), tags(tail));
        assertNull(header(tail, "Link"), "the last page has no Link");
    }

    @Test
    void nOfZeroIsAnEmptyListWithoutLink() {
        String repository = "list/zero";
        pushTags(repository, List.of("a", "b"));

        HttpResponse<byte[]> response = registry.get("v2/" + repository + "/tags/list?n=0");

        assertEquals(200, response.statusCode(), () -> RegistryClient.text(response));
        JsonNode tags = RegistryClient.json(response).path("tags");
        assertTrue(tags.isArray() && tags.isEmpty(), () -> "tags must be an empty array: " + RegistryClient.text(response));
        assertNull(header(response, "Link"));
    }

    @Test
    void nAtOrAboveTheCountIsOnePageWithoutLink() {
        String repository = "list/exact";
        pushTags(repository, List.of("a", "b", "c"));

        for (String n : List.of("3", "4", "1000")) {
            HttpResponse<byte[]> response = registry.get("v2/" + repository + "/tags/list?n=" + n);
            assertEquals(List.of("a", "b", "c"), tags(response), n);
            assertNull(header(response, "Link"), () -> "n=" + n + ": nothing remains, so no Link");
        }
    }

    @Test
    void repositoryWhoseTagsWereDeletedListsNoTags() {
        String repository = "list/untagged";
        pushTags(repository, List.of("only"));
        assertEquals(202, registry.delete("v2/" + repository + "/manifests/only").statusCode());

        HttpResponse<byte[]> response = registry.get("v2/" + repository + "/tags/list");

        assertEquals(200, response.statusCode(), () -> RegistryClient.text(response));
        JsonNode tags = RegistryClient.json(response).path("tags");
        assertTrue(tags.isArray() && tags.isEmpty(), () -> RegistryClient.text(response));
    }

    @Test
    void unknownRepositoryIsNameUnknown() {
        assertError(registry.get("v2/list/never-pushed/tags/list"), 404, "NAME_UNKNOWN");
        assertError(registry.get("v2/list/never-pushed/tags/list?n=2"), 404, "NAME_UNKNOWN");
    }

    @Test
    void invalidPageSizeIsPaginationNumberInvalid() {
        String repository = "list/bad-n";
        pushTags(repository, List.of("a"));

        for (String n : List.of("-1", "abc", "1.5", "99999999999999999999")) {
            assertError(registry.get("v2/" + repository + "/tags/list?n=" + n), 400, "PAGINATION_NUMBER_INVALID");
            assertError(registry.get("v2/_catalog?n=" + n), 400, "PAGINATION_NUMBER_INVALID");
        }
    }

    // ---- catalog --------------------------------------------------------------------------------

    /** Lexical order of whole names, not of a directory walk: '-' < '.' < '/' < '0' < '_'. */
    private static final List<String> CATALOG = List.of("cat", "cat-b", "cat.d", "cat/b", "cat/b/c", "cat0", "cat_e");

    @Test
    void catalogListsNestedNamesInLexicalOrder() {
        for (String repository : List.of("cat/b/c", "cat_e", "cat", "cat0", "cat/b", "cat.d", "cat-b")) {
            pushTags(repository, List.of("v1"));
        }

        List<String> all = catalogPage(registry.get("v2/_catalog"));

        assertEquals(CATALOG, all.stream().filter(name -> name.startsWith("cat")).toList());
        List<String> sorted = new ArrayList<>(all);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, all, "the whole catalog is sorted");
    }

    @Test
    void catalogPagesFollowLink() {
        for (String repository : CATALOG) {
            pushTags(repository, List.of("v1"));
        }
        List<String> everything = catalogPage(registry.get("v2/_catalog"));

        List<String> paged = new ArrayList<>();
        HttpResponse<byte[]> page = registry.get("v2/_catalog?n=2");
        while (true) {
            assertEquals(200, page.statusCode(), RegistryClient.text(page));
            List<String> names = catalogPage(page);
            assertTrue(names.size() <= 2, names::toString);
            paged.addAll(names);
            String link = nextLink(page);
            if (link == null) {
                break;
            }
            assertTrue(link.startsWith(base + "v2/_catalog?"), () -> "Link must be absolute, under the context path: " + link);
            page = registry.get(link);
        }
        assertEquals(everything, paged, "following Link visits every repository once, in order");

        HttpResponse<byte[]> afterCatB = registry.get("v2/_catalog?n=3&last=cat-b");
        assertEquals(List.of("cat.d", "cat/b", "cat/b/c"), catalogPage(afterCatB));
        String link = nextLink(afterCatB);
        assertNotNull(link);
        assertEquals(List.of("cat0", "cat_e"), catalogPage(registry.get(link)).subList(0, 2),
                "a Link whose last is a nested name (cat/b/c) resumes after it");
    }

    @Test
    void catalogWithNOfZeroIsEmptyWithoutLink() {
        pushTags("zero/catalog", List.of("v1"));

        HttpResponse<byte[]> response = registry.get("v2/_catalog?n=0");

        assertEquals(200, response.statusCode());
        JsonNode repositories = RegistryClient.json(response).path("repositories");
        assertTrue(repositories.isArray() && repositories.isEmpty(), () -> RegistryClient.text(response));
        assertNull(header(response, "Link"));
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Pushes one small image under each tag (the same manifest, so the repository holds one image). */
    private void pushTags(String repository, List<String> tags) {
        Images.Built image = Images.image(registry, repository, Content.OCI_MANIFEST, repository.hashCode(), 0);
        for (String tag : tags) {
            registry.pushManifest(repository, tag, Content.OCI_MANIFEST, image.content());
        }
    }

    private static List<String> tags(HttpResponse<byte[]> response) {
        assertEquals(200, response.statusCode(), () -> RegistryClient.text(response));
        return strings(RegistryClient.json(response).path("tags"));
    }

    private static List<String> catalogPage(HttpResponse<byte[]> response) {
        assertEquals(200, response.statusCode(), () -> RegistryClient.text(response));
        return strings(RegistryClient.json(response).path("repositories"));
    }

    private static List<String> strings(JsonNode array) {
        assertTrue(array.isArray(), () -> "expected an array: " + array);
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** The URL of the next page from {@code Link: <url>; rel="next"}, or null. */
    private static String nextLink(HttpResponse<byte[]> response) {
        String link = header(response, "Link");
        if (link == null) {
            return null;
        }
        Matcher matcher = NEXT.matcher(link);
        assertTrue(matcher.find(), () -> "Link must be <url>; rel=\"next\": " + link);
        return matcher.group(1);
    }
}
