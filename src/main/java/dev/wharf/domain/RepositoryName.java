package dev.wharf.domain;

import java.util.regex.Pattern;

/**
 * A repository name such as {@code library/ubuntu}, valid by the OCI distribution spec's grammar
 * and at most 255 characters. Its components can never be empty, {@code .}, {@code ..} or start
 * with {@code _}, so a name maps to storage paths without escaping or colliding with the
 * {@code _manifests}/{@code _layers}/{@code _uploads} directories.
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {

    public static final int MAX_LENGTH = 255;
    private static final Pattern GRAMMAR =
            Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

    public RepositoryName {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !GRAMMAR.matcher(value).matches()) {
            throw new InvalidValueException(InvalidValueException.Kind.NAME,
                    "invalid repository name '" + Digest.abbreviate(value) + "': use lowercase letters, digits and "
                            + "separators (. _ __ -) in /-separated components, at most " + MAX_LENGTH + " characters");
        }
    }

    /** Parses a name from a URL path. */
    public static RepositoryName parse(String value) {
        return new RepositoryName(value);
    }

    @Override
    public int compareTo(RepositoryName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
