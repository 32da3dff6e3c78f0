package dev.wharf.domain;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:6c3c…}: an algorithm and its lowercase hex encoding.
 * Only digests whose encoding has the algorithm's exact length and alphabet can be built, so a
 * digest is always safe to use as a path component.
 */
public record Digest(DigestAlgorithm algorithm, String hex) {

    private static final Pattern HEX = Pattern.compile("[a-f0-9]+");
    // The OCI image spec's grammar, used to tell "malformed" from "well-formed but unsupported".
    private static final Pattern GRAMMAR =
            Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

    public Digest {
        if (algorithm == null || hex == null || hex.length() != algorithm.hexLength() || !HEX.matcher(hex).matches()) {
            throw new InvalidValueException(InvalidValueException.Kind.DIGEST,
                    "invalid " + (algorithm == null ? "" : algorithm.label() + " ") + "digest encoding: " + hex);
        }
    }

    /**
     * Parses {@code algorithm:hex}.
     *
     * @throws InvalidValueException (kind DIGEST) when malformed or of an unsupported algorithm
     */
    public static Digest parse(String value) {
        if (value == null || value.length() > 256 || !GRAMMAR.matcher(value).matches()) {
            throw new InvalidValueException(InvalidValueException.Kind.DIGEST,
                    "invalid digest '" + abbreviate(value) + "': expected <algorithm>:<hex>, such as sha256:<64 hex characters>");
        }
        int colon = value.indexOf(':');
        String label = value.substring(0, colon);
        DigestAlgorithm algorithm = DigestAlgorithm.byLabel(label).orElseThrow(() -> new InvalidValueException(
                InvalidValueException.Kind.DIGEST, "unsupported digest algorithm '" + label + "': use sha256, sha384 or sha512"));
        return new Digest(algorithm, value.substring(colon + 1));
    }

    /** The digest of a finished hash. */
    public static Digest of(DigestAlgorithm algorithm, byte[] hash) {
        return new Digest(algorithm, HexFormat.of().formatHex(hash));
    }

    /** The digest of some bytes with {@code algorithm} (manifests; never whole blobs). */
    public static Digest compute(DigestAlgorithm algorithm, byte[] content) {
        return of(algorithm, algorithm.newMessageDigest().digest(content));
    }

    /** The sha256 digest of some bytes (manifests; never whole blobs). */
    public static Digest sha256Of(byte[] content) {
        return compute(DigestAlgorithm.SHA256, content);
    }

    @Override
    public String toString() {
        return algorithm.label() + ":" + hex;
    }

    static String abbreviate(String value) {
        if (value == null) {
            return "";
        }
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
