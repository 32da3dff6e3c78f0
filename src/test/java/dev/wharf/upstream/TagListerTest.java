package dev.wharf.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TagListerTest {

    @Test
    void distributionStyleLink() {
        assertEquals(Optional.of("/v2/a/tags/list?last=b&n=2"),
                TagLister.nextLink(List.of("</v2/a/tags/list?last=b&n=2>; rel=\"next\"")));
    }

    @Test
    void unquotedRelAndOtherLinks() {
        assertEquals(Optional.of("https://r/next"),
                TagLister.nextLink(List.of("<https://r/prev>; rel=prev, <https://r/next>; rel=next")));
        assertEquals(Optional.of("/n"), TagLister.nextLink(List.of("</p>; rel=\"prev\"", "</n>; title=\"a;b\"; rel=\"Next\"")));
    }

    @Test
    void relationListContainingNext() {
        assertEquals(Optional.of("/n"), TagLister.nextLink(List.of("</n>; rel=\"last next\"")));
    }

    @Test
    void noNextLink() {
        assertEquals(Optional.empty(), TagLister.nextLink(List.of()));
        assertEquals(Optional.empty(), TagLister.nextLink(List.of("</p>; rel=\"prev\"")));
        assertEquals(Optional.empty(), TagLister.nextLink(List.of("garbage")));
        assertEquals(Optional.empty(), TagLister.nextLink(List.of("<unterminated; rel=next")));
    }
}
