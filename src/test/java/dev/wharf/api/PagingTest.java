package dev.wharf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.config.HttpConfig;
import dev.wharf.storage.Page;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PagingTest {

    @Test
    void absentMeansNoLimit() {
        assertEquals(-1, Paging.limit(null));
        assertEquals(-1, Paging.limit(""));
    }

    @ParameterizedTest
    @CsvSource({"0,0", "5,5", "100,100", "2147483647,2147483647"})
    void nonNegativeIntegers(String n, int expected) {
        assertEquals(expected, Paging.limit(n));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "x", "99999999999", "2147483648", "1.5", " ", "5 ", "1e3", "-2147483648"})
    void invalidNumbers(String n) {
        RegistryException e = assertThrows(RegistryException.class, () -> Paging.limit(n));
        assertEquals(OciErrorCode.PAGINATION_NUMBER_INVALID, e.errors().get(0).code());
        assertEquals(400, e.code().status());
    }

    private static Locations locations() {
        return new Locations(new HttpConfig("/", false, Optional.empty()));
    }

    @Test
    void nextLinkWhenMoreRemain() {
        Page page = new Page(List.of("a", "b/c"), true);
        Response response = Paging.withNextLink(Response.ok(), page, locations(),
                new FakeUriInfo(URI.create("http://registry.example:5000/")), "v2/_catalog", 2).build();
        assertEquals("<http://registry.example:5000/v2/_catalog?n=2&last=b%2Fc>; rel=\"next\"", response.getHeaderString("Link"));
    }

    @Test
    void nextLinkWithoutLimit() {
        Page page = new Page(List.of("v1"), true);
        Response response = Paging.withNextLink(Response.ok(), page, locations(),
                new FakeUriInfo(URI.create("http://h/")), "v2/team/app/tags/list", -1).build();
        assertEquals("<http://h/v2/team/app/tags/list?last=v1>; rel=\"next\"", response.getHeaderString("Link"));
    }

    @Test
    void noLinkOnTheLastPage() {
        Page page = new Page(List.of("a", "b"), false);
        Response response = Paging.withNextLink(Response.ok(), page, locations(),
                new FakeUriInfo(URI.create("http://h/")), "v2/_catalog", 2).build();
        assertNull(response.getHeaderString("Link"));
    }
}
