package dev.wharf.storage;

import dev.wharf.error.OciError;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.Descriptor;
import dev.wharf.domain.Digest;
import dev.wharf.domain.InvalidValueException;
import dev.wharf.domain.Manifest;
import dev.wharf.domain.ManifestParser;
import dev.wharf.domain.Reference;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.Tag;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ManifestStore} in distribution's layout: the bytes are a blob, the repository holds a
 * revision link, a tag holds a {@code current} link and an index of every digest it has had.
 * Each write is atomic and they happen in an order where a crash between two of them leaves
 * only unreferenced data behind, never a link to something missing.
 */
public final class LocalManifestStore implements ManifestStore {
    private final StorageDriver driver;
    private final BlobStore blobs;
    private final RepositoryBlobStore repositoryBlobs;
    private final Links links;
    private final boolean deleteEnabled;

    public LocalManifestStore(StorageDriver driver, BlobStore blobs, RepositoryBlobStore repositoryBlobs,
            boolean deleteEnabled) {
        this.driver = driver;
        this.blobs = blobs;
        this.repositoryBlobs = repositoryBlobs;
        this.links = new Links(driver);
        this.deleteEnabled = deleteEnabled;
    }

    @Override
    public Optional<StoredManifest> get(RepositoryName repository, Reference reference) throws IOException {
        Optional<Digest> digest = resolve(repository, reference);
        if (digest.isEmpty()) {
            return Optional.empty();
        }
        return readLinked(repository, digest.get())
                .map(content -> new StoredManifest(digest.get(), content, ManifestParser.parse(content, null)));
    }

    @Override
    public StoredManifest put(RepositoryName repository, Reference reference, byte[] content, String contentType)
            throws IOException {
        Digest digest = digestOf(reference, content);
        Manifest manifest = ManifestParser.parse(content, contentType);
        requireSelfDescribing(content, manifest);
        checkReferencesExist(repository, manifest);
        return store(repository, digest, content, manifest, reference.asTag());
    }

    @Override
    public void delete(RepositoryName repository, Reference reference) throws IOException {
        if (!deleteEnabled) {
            throw new RegistryException(OciErrorCode.UNSUPPORTED,
                    "manifest deletion is disabled: set storage.delete.enabled to true to allow it");
        }
        if (reference instanceof Reference.ByTag byTag) {
            if (!links.deleteIfExists(StoragePaths.tagDirectory(repository, byTag.tag()))) {
                throw unknown(repository, reference);
            }
            return;
        }
        Digest digest = reference.asDigest().orElseThrow();
        if (!exists(repository, digest)) {
            throw unknown(repository, reference);
        }
        // Tags and referrer entries first: a crash half-way leaves a manifest that fewer things
        // point at, never a tag or referrer entry pointing at nothing.
        for (Tag tag : tagsPointingAt(repository, digest)) {
            links.deleteIfExists(StoragePaths.tagDirectory(repository, tag));
        }
        Optional<Descriptor> subject = readManifest(digest).flatMap(Manifest::subject);
        if (subject.isPresent()) {
            String link = StoragePaths.referrerLink(repository, subject.get().digest(), digest);
            links.deleteIfExists(StoragePaths.linkDirectory(link));
        }
        String revision = StoragePaths.manifestRevisionLink(repository, digest);
        links.deleteIfExists(StoragePaths.linkDirectory(revision));
    }

    @Override
    public List<Descriptor> referrers(RepositoryName repository, Digest subject, Optional<String> artifactType)
            throws IOException {
        List<Descriptor> referrers = new ArrayList<>();
        List<String> algorithms;
        try {
            algorithms = driver.list(StoragePaths.referrersDirectory(repository, subject));
        } catch (PathNotFoundException e) {
            return referrers;
        }
        for (String algorithm : algorithms) {
            for (String entry : driver.list(algorithm)) {
                Optional<Digest> digest = links.read(StoragePaths.linkIn(entry));
                Optional<byte[]> found = digest.isEmpty() ? Optional.empty() : readLinked(repository, digest.get());
                if (found.isEmpty()) {
                    continue;
                }
                byte[] content = found.get();
                Manifest manifest = ManifestParser.parse(content, null);
                Optional<String> type = manifest.effectiveArtifactType();
                if (artifactType.isPresent() && !artifactType.equals(type)) {
                    continue;
                }
                referrers.add(new Descriptor(manifest.mediaType(), digest.get(), content.length, type,
                        manifest.annotations(), List.of(), Optional.empty()));
            }
        }
        return referrers;
    }

    @Override
    public boolean exists(RepositoryName repository, Digest digest) throws IOException {
        return links.exists(StoragePaths.manifestRevisionLink(repository, digest))
                && blobs.size(digest).isPresent();
    }

    /**
     * The manifest's bytes when the repository holds it: the revision link, then the bytes. No
     * separate check that the bytes exist: reading them finds out, in the same lookup.
     */
    private Optional<byte[]> readLinked(RepositoryName repository, Digest digest) throws IOException {
        if (!links.exists(StoragePaths.manifestRevisionLink(repository, digest))) {
            return Optional.empty();
        }
        try {
            return Optional.of(blobs.read(digest));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<Manifest> readManifest(Digest digest) throws IOException {
        try {
            return Optional.of(ManifestParser.parse(blobs.read(digest), null));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<Digest> resolve(RepositoryName repository, Reference reference) throws IOException {
        if (reference instanceof Reference.ByTag byTag) {
            return links.read(StoragePaths.tagCurrentLink(repository, byTag.tag()));
        }
        return reference.asDigest();
    }

    private List<Tag> tagsPointingAt(RepositoryName repository, Digest digest) throws IOException {
        List<Tag> tags = new ArrayList<>();
        List<String> tagDirectories;
        try {
            tagDirectories = driver.list(StoragePaths.tagsDirectory(repository));
        } catch (PathNotFoundException e) {
            return tags;
        }
        for (String directory : tagDirectories) {
            String name = StoragePaths.lastComponent(directory);
            if (Tag.isValid(name)) {
                Tag tag = new Tag(name);
                if (links.read(StoragePaths.tagCurrentLink(repository, tag)).filter(digest::equals).isPresent()) {
                    tags.add(tag);
                }
            }
        }
        return tags;
    }

    /**
     * Only the bytes are stored, and {@link #get} reads them without a Content-Type, so the bytes
     * alone must say the type the push gave them. They do not when the type came from the
     * Content-Type only: a Docker manifest without its (required) {@code mediaType} field would
     * come back as OCI. Distribution refuses such pushes too.
     */
    private static void requireSelfDescribing(byte[] content, Manifest manifest) {
        String readBack;
        try {
            readBack = ManifestParser.parse(content, null).mediaType();
        } catch (InvalidValueException e) {
            readBack = null;
        }
        if (!manifest.mediaType().equals(readBack)) {
            throw new InvalidValueException(InvalidValueException.Kind.MANIFEST, "the manifest has no mediaType field, "
                    + "and without one its content does not read as " + manifest.mediaType()
                    + ": add \"mediaType\": \"" + manifest.mediaType() + "\"");
        }
    }

    private void checkReferencesExist(RepositoryName repository, Manifest manifest) throws IOException {
        List<OciError> missing = new ArrayList<>();
        for (Descriptor blob : manifest.blobs()) {
            // Foreign layers live at their URLs, not in this registry (distribution skips them too).
            if (blob.urls().isEmpty() && repositoryBlobs.stat(repository, blob.digest()).isEmpty()) {
                missing.add(new OciError(OciErrorCode.MANIFEST_BLOB_UNKNOWN, Map.of("digest", blob.digest().toString())));
            }
        }
        for (Descriptor child : manifest.children()) {
            if (!exists(repository, child.digest())) {
                missing.add(new OciError(OciErrorCode.MANIFEST_BLOB_UNKNOWN, Map.of("digest", child.digest().toString())));
            }
        }
        if (!missing.isEmpty()) {
            throw new RegistryException(missing);
        }
    }

    private static Digest digestOf(Reference reference, byte[] content) {
        if (reference instanceof Reference.ByDigest byDigest) {
            Digest expected = byDigest.digest();
            Digest actual = Digest.compute(expected.algorithm(), content);
            if (!actual.equals(expected)) {
                throw new RegistryException(OciErrorCode.DIGEST_INVALID, Map.of(
                        "expected", expected.toString(), "actual", actual.toString(),
                        "reason", "the manifest pushed by digest does not have that digest"));
            }
            return actual;
        }
        return Digest.sha256Of(content);
    }

    private static RegistryException unknown(RepositoryName repository, Reference reference) {
        return new RegistryException(OciErrorCode.MANIFEST_UNKNOWN,
                Map.of("repository", repository.value(), "reference", reference.toString()));
    }

    /**
     * Stores a manifest a mirror fetched from its upstream, byte for byte, without requiring its
     * blobs or children to be present (a mirror fetches those when they are asked for). The caller
     * has verified that the content has {@code digest}; a tag, when given, is pointed at it.
     */
    public StoredManifest cache(RepositoryName repository, Digest digest, byte[] content, String contentType,
            Optional<Tag> tag) throws IOException {
        return store(repository, digest, content, ManifestParser.parse(content, contentType), tag);
    }

    /**
     * Writes a manifest in crash-safe order: its bytes, the revision link, the referrer entry,
     * then the tag — each step atomic, each only pointing at what the earlier ones wrote.
     */
    private StoredManifest store(RepositoryName repository, Digest digest, byte[] content, Manifest manifest,
            Optional<Tag> tag) throws IOException {
        blobs.putSmall(digest, content);
        links.write(StoragePaths.manifestRevisionLink(repository, digest), digest);
        if (manifest.subject().isPresent()) {
            links.write(StoragePaths.referrerLink(repository, manifest.subject().get().digest(), digest), digest);
        }
        if (tag.isPresent()) {
            tag(repository, tag.get(), digest);
        }
        return new StoredManifest(digest, content, manifest);
    }

    /** Points {@code tag} at a manifest the repository holds (a mirror following a moved tag). */
    public void tag(RepositoryName repository, Tag tag, Digest digest) throws IOException {
        if (!links.read(StoragePaths.tagCurrentLink(repository, tag)).filter(digest::equals).isPresent()) {
            links.write(StoragePaths.tagIndexLink(repository, tag, digest), digest);
            links.write(StoragePaths.tagCurrentLink(repository, tag), digest);
        }
    }
}
