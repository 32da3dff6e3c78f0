package dev.wharf.config;

import java.util.List;

/**
 * The configuration cannot be used: a configuration file that is named but unreadable, or values
 * that are missing, malformed or contradict each other. Carries every problem found, not only the
 * first, so that an operator can fix them all in one go; each names the key, where it was set and
 * what to do.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param problems one operator-facing sentence per problem; at least one
     */
    public ConfigException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one operator-facing sentence each, in the order they were found. */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        if (problems.size() == 1) {
            return "Invalid Wharf configuration: " + problems.get(0);
        }
        StringBuilder message =
                new StringBuilder("Invalid Wharf configuration (" + problems.size() + " problems):");
        for (String problem : problems) {
            message.append("\n  - ").append(problem);
        }
        return message.toString();
    }
}
