package dev.wharf.domain;

import java.util.regex.Pattern;

/** A tag such as {@code latest} or {@code 1.2.3}: {@code [A-Za-z0-9_][A-Za-z0-9._-]{0,127}}. */
public record Tag(String value) implements Comparable<Tag> {

    private static final Pattern GRAMMAR = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    public Tag {
        if (value == null || !GRAMMAR.matcher(value).matches()) {
            throw new InvalidValueException(InvalidValueException.Kind.TAG,
                    "invalid tag '" + Digest.abbreviate(value) + "': use up to 128 letters, digits, '_', '.' or '-', "
                            + "not starting with '.' or '-'");
        }
    }

    public static boolean isValid(String value) {
        return value != null && GRAMMAR.matcher(value).matches();
    }

    @Override
    public int compareTo(Tag other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
