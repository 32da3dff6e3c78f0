package dev.wharf.config;

import java.util.regex.Pattern;

/**
 * Decides which configuration values must never be printed. Errs on the side of hiding: a hidden
 * file path costs an operator a look at the file, a printed password costs a credential rotation.
 */
final class Secrets {

    static final String REDACTED = "<redacted>";

    /**
     * A key part {@code auth} (anything under it), or one that says password, secret, token,
     * credential, authorization (HTTP headers in {@code notifications}) or ends in {@code key} (s3
     * {@code secretkey}, azure {@code accountkey}). Any part, not only the last: a secret can be a
     * list element, as in {@code headers: {Authorization: [Bearer ...]}}.
     */
    private static final Pattern SECRET = Pattern.compile(
            "(^|.*\\.)(auth|authorization|[^.]*(password|secret|token|credential)[^.]*|[^.]*key)(\\..*|$)",
            Pattern.CASE_INSENSITIVE);

    private Secrets() {}

    /** Whether the value at the dotted {@code key} may be a secret. */
    static boolean isSecret(String key) {
        return SECRET.matcher(key).matches();
    }

    /** {@code value} quoted for a log line or error message, or {@link #REDACTED}. */
    static String show(String key, String value) {
        return isSecret(key) ? REDACTED : '"' + value + '"';
    }
}
