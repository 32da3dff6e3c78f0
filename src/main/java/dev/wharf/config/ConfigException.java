package dev.wharf.config;

import java.util.List;

/**
 * The configuration cannot be used: a named file that is unreadable, or values that are missing,
 * malformed or contradict each other. Carries every problem found, not only the first, so that an
 * operator can fix them all in one go; each names the key, where it was set and what to do.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems one operator-facing sentence per problem; at least one */
    public ConfigException(List<String> problems) {
        super(problems.size() == 1 ? "Invalid Wharf configuration: " + problems.get(0) : "Invalid Wharf configuration ("
                + problems.size() + " problems):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one operator-facing sentence each, in the order they were found. */
    public List<String> problems() {
        return problems;
    }
}
