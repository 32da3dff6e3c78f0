package dev.wharf.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageTest {
    private static final List<String> ALL = List.of("b", "d", "f", "h");

    @Test
    void firstPageWithoutLast() {
        Page page = Page.of(ALL, null, 2);
        assertEquals(List.of("b", "d"), page.items());
        assertTrue(page.more());
        assertEquals(Optional.of("d"), page.nextLast());
    }

    @Test
    void lastThatIsAnEntryStartsAfterIt() {
        Page page = Page.of(ALL, "d", 2);
        assertEquals(List.of("f", "h"), page.items());
        assertFalse(page.more());
        assertEquals(Optional.empty(), page.nextLast());
    }

    @Test
    void lastBeforeEveryEntry() {
        assertEquals(ALL, Page.of(ALL, "a", 10).items());
        assertEquals(ALL, Page.of(ALL, "", 10).items());
    }

    @Test
    void lastBetweenEntries() {
        Page page = Page.of(ALL, "e", 1);
        assertEquals(List.of("f"), page.items());
        assertTrue(page.more());
        assertEquals(Optional.of("f"), page.nextLast());
    }

    @Test
    void lastAfterEveryEntry() {
        Page page = Page.of(ALL, "z", 5);
        assertEquals(List.of(), page.items());
        assertFalse(page.more());
        assertEquals(Optional.empty(), page.nextLast());
        assertEquals(List.of(), Page.of(ALL, "h", 5).items());
        assertFalse(Page.of(ALL, "h", 5).more());
    }

    @Test
    void limitZeroGivesNoEntries() {
        Page page = Page.of(ALL, null, 0);
        assertEquals(List.of(), page.items());
        // entries remain, but there is no entry to continue after
        assertTrue(page.more());
        assertEquals(Optional.empty(), page.nextLast());
        assertFalse(Page.of(ALL, "h", 0).more());
    }

    @Test
    void limitLargerThanTheRest() {
        Page page = Page.of(ALL, "b", 100);
        assertEquals(List.of("d", "f", "h"), page.items());
        assertFalse(page.more());
        assertEquals(ALL, Page.of(ALL, null, Integer.MAX_VALUE).items());
        assertEquals(List.of("h"), Page.of(ALL, "f", Integer.MAX_VALUE).items());
    }

    @Test
    void limitExactlyTheRestHasNoMore() {
        Page page = Page.of(ALL, "d", 2);
        assertFalse(page.more());
        assertEquals(Optional.empty(), page.nextLast());
    }

    @Test
    void negativeLimitMeansNoLimit() {
        Page page = Page.of(ALL, null, -1);
        assertEquals(ALL, page.items());
        assertFalse(page.more());
        assertEquals(List.of("f", "h"), Page.of(ALL, "d", -1).items());
    }

    @Test
    void emptyList() {
        Page page = Page.of(List.of(), null, 5);
        assertEquals(List.of(), page.items());
        assertFalse(page.more());
        assertEquals(List.of(), Page.of(List.of(), "x", -1).items());
    }

    @Test
    void walkingPagesVisitsEveryEntryOnce() {
        List<String> sorted = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            sorted.add(String.format("t%02d", i));
        }
        List<String> seen = new ArrayList<>();
        String last = null;
        for (int pages = 0; pages < 100; pages++) {
            Page page = Page.of(sorted, last, 5);
            seen.addAll(page.items());
            if (page.nextLast().isEmpty()) {
                break;
            }
            last = page.nextLast().get();
        }
        assertEquals(sorted, seen);
    }

    @Test
    void itemsAreACopyAndImmutable() {
        List<String> source = new ArrayList<>(ALL);
        Page page = Page.of(source, null, -1);
        source.set(0, "a");
        assertEquals("b", page.items().get(0));
        assertThrows(UnsupportedOperationException.class, () -> page.items().add("x"));
    }
}
