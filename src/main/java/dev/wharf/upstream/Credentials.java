package dev.wharf.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The configured {@code proxy.username} and {@code proxy.password}. Never printed. */
final class Credentials {

    private final String username;
    private final String password;

    private Credentials(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /**
     * Both or neither.
     *
     * @throws IllegalArgumentException when only one is given (the message names neither value)
     */
    static Optional<Credentials> of(Optional<String> username, Optional<String> password) {
        Optional<String> user = username.filter(u -> !u.isEmpty());
        Optional<String> pass = password.filter(p -> !p.isEmpty());
        if (user.isPresent() != pass.isPresent()) {
            throw new IllegalArgumentException("proxy.username and proxy.password must be set together");
        }
        return user.map(u -> new Credentials(u, pass.get()));
    }

    /** The value of an {@code Authorization} header for HTTP Basic. */
    String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[***]";
    }
}
