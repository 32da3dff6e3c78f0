package dev.wharf.storage;

import java.util.List;
import java.util.Optional;

/**
 * One page of a sorted listing (tags, repositories).
 *
 * @param items the entries of this page, sorted lexically
 * @param more whether entries remain after the last one
 */
public record Page(List<String> items, boolean more) {
    public Page {
        items = List.copyOf(items);
    }

    /** The {@code last} value that asks for the next page, when there is one. */
    public Optional<String> nextLast() {
        return more && !items.isEmpty() ? Optional.of(items.get(items.size() - 1)) : Optional.empty();
    }

    /**
     * Cuts a page out of a sorted list: the entries after {@code last} (all when null), at most
     * {@code limit} of them (no limit when negative).
     */
    public static Page of(List<String> sorted, String last, int limit) {
        int from = 0;
        if (last != null) {
            int position = java.util.Collections.binarySearch(sorted, last);
            from = position >= 0 ? position + 1 : -position - 1;
        }
        int to = limit < 0 ? sorted.size() : (int) Math.min(sorted.size(), (long) from + limit);
        return new Page(sorted.subList(from, Math.max(from, to)), to < sorted.size());
    }
}
