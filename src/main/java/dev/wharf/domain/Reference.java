package dev.wharf.domain;

import java.util.Optional;

/** What follows {@code /manifests/}: a tag or a digest. */
public sealed interface Reference permits Reference.ByTag, Reference.ByDigest {

    /** A reference by tag. */
    record ByTag(Tag tag) implements Reference {
        @Override
        public String toString() {
            return tag.value();
        }
    }

    /** A reference by digest. */
    record ByDigest(Digest digest) implements Reference {
        @Override
        public String toString() {
            return digest.toString();
        }
    }

    /** The tag, when this is a tag reference. */
    default Optional<Tag> asTag() {
        return this instanceof ByTag byTag ? Optional.of(byTag.tag()) : Optional.empty();
    }

    /** The digest, when this is a digest reference. */
    default Optional<Digest> asDigest() {
        return this instanceof ByDigest byDigest ? Optional.of(byDigest.digest()) : Optional.empty();
    }

    /**
     * Parses a reference: anything with a {@code :} is a digest (tags cannot contain one).
     *
     * @throws InvalidValueException of kind DIGEST or TAG
     */
    static Reference parse(String value) {
        if (value != null && value.indexOf(':') >= 0) {
            return new ByDigest(Digest.parse(value));
        }
        return new ByTag(new Tag(value));
    }
}
