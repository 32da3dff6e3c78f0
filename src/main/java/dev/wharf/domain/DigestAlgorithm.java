package dev.wharf.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** The digest algorithms of the OCI image spec that Wharf verifies. sha256 is canonical. */
public enum DigestAlgorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA384("sha384", "SHA-384", 96),
    SHA512("sha512", "SHA-512", 128);

    private final String label;
    private final String jcaName;
    private final int hexLength;

    DigestAlgorithm(String label, String jcaName, int hexLength) {
        this.label = label;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    /** The algorithm as written in a digest string, such as {@code sha256}. */
    public String label() {
        return label;
    }

    /** Number of lowercase hex characters in an encoded digest of this algorithm. */
    public int hexLength() {
        return hexLength;
    }

    /** A fresh hasher; every JRE has these algorithms, so failure is a broken runtime. */
    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime lacks " + jcaName, e);
        }
    }

    /** The algorithm for a label, if Wharf supports it. */
    public static Optional<DigestAlgorithm> byLabel(String label) {
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.label.equals(label)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
