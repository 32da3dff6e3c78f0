package dev.wharf.config;

import java.util.Locale;

/**
 * Decides which configuration values must never be printed. Errs on the side of hiding: a hidden
 * file path costs an operator a look at the file, a printed password costs a credential rotation.
 */
final class Secrets {

    static final String REDACTED = "<redacted>";

    private Secrets() {}

    /**
     * Whether the value at the dotted {@code key} may be a secret: anything under a key named {@code auth},
     * or under a key whose name says password, secret, token, credential(s), authorization (HTTP
     * headers in {@code notifications}) or ends in {@code key} (s3 {@code secretkey}, azure
     * {@code accountkey}, {@code privatekey}). "Under", not only "at": a secret can be a list
     * element, as in {@code headers: {Authorization: [Bearer ...]}}.
     */
    static boolean isSecret(String key) {
        for (String part : key.split("\\.")) {
            String name = part.toLowerCase(Locale.ROOT);
            if (name.equals("auth")
                    || name.contains("password")
                    || name.contains("secret")
                    || name.contains("token")
                    || name.contains("credential")
                    || name.equals("authorization")
                    || name.endsWith("key")) {
                return true;
            }
        }
        return false;
    }

    /** {@code value} quoted for a log line or error message, or {@link #REDACTED}. */
    static String show(String key, String value) {
        return isSecret(key) ? REDACTED : '"' + value + '"';
    }
}
