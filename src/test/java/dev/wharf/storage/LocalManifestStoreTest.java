package dev.wharf.storage;

import static dev.wharf.storage.TestContent.sha256;
import static dev.wharf.storage.TestContent.utf8;
import static dev.wharf.storage.TestManifests.OCI_CONFIG;
import static dev.wharf.storage.TestManifests.OCI_LAYER;
import static dev.wharf.storage.TestManifests.child;
import static dev.wharf.storage.TestManifests.descriptor;
import static dev.wharf.storage.TestManifests.image;
import static dev.wharf.storage.TestManifests.index;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.Digest;
import dev.wharf.domain.DigestAlgorithm;
import dev.wharf.domain.InvalidValueException;
import dev.wharf.domain.MediaTypes;
import dev.wharf.domain.Reference;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.Tag;
import dev.wharf.storage.driver.PathNotFoundException;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.filesystem.FilesystemDriver;
import dev.wharf.storage.driver.inmemory.InMemoryDriver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class LocalManifestStoreTest {
    private static final RepositoryName REPO = new RepositoryName("team/app");

    @TempDir
    Path temp;

    private StorageDriver driver;
    private BlobStore blobs;
    private LocalRepositoryBlobStore repositoryBlobs;
    private LocalUploadStore uploads;
    private LocalManifestStore manifests;

    @BeforeEach
    void inMemory() {
        use(new InMemoryDriver(), true);
    }

    private void use(StorageDriver storage, boolean deleteEnabled) {
        driver = storage;
        blobs = new BlobStore(driver);
        repositoryBlobs = new LocalRepositoryBlobStore(driver, blobs, deleteEnabled);
        uploads = new LocalUploadStore(driver, blobs, repositoryBlobs);
        manifests = new LocalManifestStore(driver, blobs, repositoryBlobs, deleteEnabled);
    }

    private static Reference tag(String tag) {
        return new Reference.ByTag(new Tag(tag));
    }

    private static Reference digest(Digest digest) {
        return new Reference.ByDigest(digest);
    }

    /** Pushes a blob the way a client does, so it is in the store and linked into {@code repository}. */
    private Digest pushBlob(RepositoryName repository, String content) throws IOException {
        byte[] bytes = utf8(content);
        return uploads.complete(repository, uploads.start(repository).id(), Optional.empty(), -1,
                new ByteArrayInputStream(bytes), sha256(bytes)).digest();
    }

    /** An OCI image whose config and one layer are pushed into {@code REPO}; distinct per {@code name}. */
    private byte[] pushedImage(String name) throws IOException {
        Digest config = pushBlob(REPO, "{\"config of\":\"" + name + "\"}");
        Digest layer = pushBlob(REPO, "layer of " + name);
        return utf8(TestManifests.ociImage(config, 20, layer, 30));
    }

    private StoredManifest put(Reference reference, byte[] content) throws IOException {
        return manifests.put(REPO, reference, content, MediaTypes.OCI_MANIFEST);
    }

    private static RegistryException expect(OciErrorCode code, Executable call) {
        RegistryException e = assertThrows(RegistryException.class, call);
        assertEquals(code, e.errors().get(0).code());
        assertEquals(code.status(), e.code().status());
        return e;
    }

    private static Set<String> missingDigests(RegistryException e) {
        return e.errors().stream().map(error -> {
            assertEquals(OciErrorCode.MANIFEST_BLOB_UNKNOWN, error.code());
            return (String) ((Map<?, ?>) error.detail()).get("digest");
        }).collect(Collectors.toSet());
    }

    private Optional<Digest> current(String tag) throws IOException {
        return manifests.get(REPO, tag(tag)).map(StoredManifest::digest);
    }

    @Test
    void putByTagThenGetByTagAndDigestGivesTheExactBytes() throws IOException {
        byte[] content = pushedImage("one");
        StoredManifest stored = put(tag("latest"), content);
        assertEquals(sha256(content), stored.digest());
        assertArrayEquals(content, stored.content());
        assertEquals(MediaTypes.OCI_MANIFEST, stored.manifest().mediaType());

        StoredManifest byTag = manifests.get(REPO, tag("latest")).orElseThrow();
        assertArrayEquals(content, byTag.content());
        assertEquals(sha256(content), byTag.digest());
        assertEquals(MediaTypes.OCI_MANIFEST, byTag.manifest().mediaType());
        assertEquals(2, byTag.manifest().blobs().size());

        StoredManifest byDigest = manifests.get(REPO, digest(sha256(content))).orElseThrow();
        assertArrayEquals(content, byDigest.content());
        assertEquals(sha256(content), byDigest.digest());
        assertTrue(manifests.exists(REPO, sha256(content)));
    }

    @Test
    void manifestIsScopedToItsRepository() throws IOException {
        byte[] content = pushedImage("one");
        put(tag("latest"), content);
        RepositoryName other = new RepositoryName("team/other");
        assertEquals(Optional.empty(), manifests.get(other, digest(sha256(content))));
        assertEquals(Optional.empty(), manifests.get(other, tag("latest")));
        assertFalse(manifests.exists(other, sha256(content)));
    }

    @Test
    void unknownReferences() throws IOException {
        assertEquals(Optional.empty(), manifests.get(REPO, tag("latest")));
        assertEquals(Optional.empty(), manifests.get(REPO, digest(sha256(utf8("nothing")))));
        put(tag("latest"), pushedImage("one"));
        assertEquals(Optional.empty(), manifests.get(REPO, tag("other")));
        assertFalse(manifests.exists(REPO, sha256(utf8("nothing"))));
    }

    @Test
    void putByMatchingDigest() throws IOException {
        byte[] content = pushedImage("one");
        StoredManifest stored = put(digest(sha256(content)), content);
        assertEquals(sha256(content), stored.digest());
        assertArrayEquals(content, manifests.get(REPO, digest(sha256(content))).orElseThrow().content());
        // a push by digest tags nothing
        assertEquals(List.of(), new LocalTagStore(driver).list(REPO, null, -1).items());
    }

    @Test
    void putBySha512Digest() throws IOException {
        byte[] content = pushedImage("one");
        Digest sha512 = TestContent.digest(DigestAlgorithm.SHA512, content);
        assertEquals(sha512, put(digest(sha512), content).digest());
        assertArrayEquals(content, manifests.get(REPO, digest(sha512)).orElseThrow().content());
        assertTrue(manifests.exists(REPO, sha512));
    }

    @Test
    void putByMismatchingDigestIsRefusedAndStoresNothing() throws IOException {
        byte[] content = pushedImage("one");
        Digest wrong = sha256(utf8("something else"));
        expect(OciErrorCode.DIGEST_INVALID, () -> put(digest(wrong), content));
        assertEquals(Optional.empty(), manifests.get(REPO, digest(wrong)));
        assertEquals(Optional.empty(), manifests.get(REPO, digest(sha256(content))));
        assertEquals(Optional.empty(), blobs.size(sha256(content)));
    }

    @Test
    void missingConfigAndLayersAreEachReported() throws IOException {
        Digest present = pushBlob(REPO, "present layer");
        Digest missingConfig = sha256(utf8("missing config"));
        Digest missingLayer = sha256(utf8("missing layer"));
        byte[] content = utf8(image(MediaTypes.OCI_MANIFEST, descriptor(OCI_CONFIG, missingConfig, 14),
                descriptor(OCI_LAYER, present, 13), descriptor(OCI_LAYER, missingLayer, 13)));
        RegistryException e = expect(OciErrorCode.MANIFEST_BLOB_UNKNOWN, () -> put(tag("latest"), content));
        assertEquals(2, e.errors().size());
        assertEquals(Set.of(missingConfig.toString(), missingLayer.toString()), missingDigests(e));
        assertEquals(Optional.empty(), manifests.get(REPO, tag("latest")));
        assertFalse(manifests.exists(REPO, sha256(content)));
        assertEquals(Optional.empty(), blobs.size(sha256(content)));
    }

    @Test
    void blobInAnotherRepositoryDoesNotCount() throws IOException {
        RepositoryName other = new RepositoryName("team/other");
        Digest config = pushBlob(other, "config elsewhere");
        Digest layer = pushBlob(REPO, "layer here");
        byte[] content = utf8(TestManifests.ociImage(config, 16, layer, 10));
        RegistryException e = expect(OciErrorCode.MANIFEST_BLOB_UNKNOWN, () -> put(tag("latest"), content));
        assertEquals(Set.of(config.toString()), missingDigests(e));
    }

    @Test
    void indexWithMissingChildIsRefused() throws IOException {
        byte[] present = pushedImage("amd64");
        put(digest(sha256(present)), present);
        Digest missing = sha256(utf8("no such manifest"));
        byte[] content = utf8(index(MediaTypes.OCI_INDEX,
                child(MediaTypes.OCI_MANIFEST, sha256(present), present.length, "linux", "amd64"),
                child(MediaTypes.OCI_MANIFEST, missing, 100, "linux", "arm64")));
        RegistryException e = expect(OciErrorCode.MANIFEST_BLOB_UNKNOWN,
                () -> manifests.put(REPO, tag("multi"), content, MediaTypes.OCI_INDEX));
        assertEquals(Set.of(missing.toString()), missingDigests(e));
        assertEquals(Optional.empty(), manifests.get(REPO, tag("multi")));
    }

    @Test
    void indexChildMustBeAManifestNotJustABlob() throws IOException {
        // A blob with the right digest is not a manifest of the repository.
        byte[] childContent = pushedImage("amd64");
        Digest asBlob = pushBlob(REPO, new String(childContent, java.nio.charset.StandardCharsets.UTF_8));
        byte[] content = utf8(index(MediaTypes.OCI_INDEX, child(MediaTypes.OCI_MANIFEST, asBlob, childContent.length, "linux", "amd64")));
        expect(OciErrorCode.MANIFEST_BLOB_UNKNOWN, () -> manifests.put(REPO, tag("multi"), content, MediaTypes.OCI_INDEX));
    }

    @Test
    void indexWithItsChildrenPresent() throws IOException {
        byte[] amd64 = pushedImage("amd64");
        byte[] arm64 = pushedImage("arm64");
        put(digest(sha256(amd64)), amd64);
        put(digest(sha256(arm64)), arm64);
        byte[] content = utf8(index(MediaTypes.OCI_INDEX,
                child(MediaTypes.OCI_MANIFEST, sha256(amd64), amd64.length, "linux", "amd64"),
                child(MediaTypes.OCI_MANIFEST, sha256(arm64), arm64.length, "linux", "arm64")));
        StoredManifest stored = manifests.put(REPO, tag("multi"), content, MediaTypes.OCI_INDEX);
        assertTrue(stored.manifest().isIndex());
        StoredManifest got = manifests.get(REPO, tag("multi")).orElseThrow();
        assertArrayEquals(content, got.content());
        assertEquals(MediaTypes.OCI_INDEX, got.manifest().mediaType());
    }

    @Test
    void foreignLayerNeedNotExist() throws IOException {
        Digest config = pushBlob(REPO, "{\"os\":\"windows\"}");
        Digest foreign = sha256(utf8("windows base layer"));
        byte[] content = utf8(image(MediaTypes.DOCKER_MANIFEST, descriptor(TestManifests.DOCKER_CONFIG, config, 16),
                TestManifests.foreignLayer(foreign, 1000, "https://mcr.microsoft.com/v2/windows/blobs/" + foreign)));
        StoredManifest stored = manifests.put(REPO, tag("win"), content, MediaTypes.DOCKER_MANIFEST);
        assertEquals(MediaTypes.DOCKER_MANIFEST, stored.manifest().mediaType());
        assertArrayEquals(content, manifests.get(REPO, tag("win")).orElseThrow().content());
    }

    @Test
    void schema1AndInvalidJsonAreRefusedAsManifestErrors() throws IOException {
        String schema1 = "{\"schemaVersion\":1,\"name\":\"team/app\",\"tag\":\"latest\",\"architecture\":\"amd64\","
                + "\"fsLayers\":[],\"history\":[]}";
        for (String[] bad : new String[][] {
                {schema1, MediaTypes.DOCKER_SCHEMA1_SIGNED},
                {schema1, null},
                {"{not json", MediaTypes.OCI_MANIFEST},
                {"", MediaTypes.OCI_MANIFEST},
                {"[]", MediaTypes.OCI_MANIFEST}}) {
            byte[] content = utf8(bad[0]);
            InvalidValueException e = assertThrows(InvalidValueException.class,
                    () -> manifests.put(REPO, tag("latest"), content, bad[1]), bad[0]);
            assertEquals(InvalidValueException.Kind.MANIFEST, e.kind());
            assertEquals(Optional.empty(), manifests.get(REPO, tag("latest")));
            assertEquals(Optional.empty(), blobs.size(sha256(content)));
        }
    }

    @Test
    void retagMovesCurrentAndKeepsTheHistoryInTheIndex() throws IOException {
        byte[] first = pushedImage("one");
        byte[] second = pushedImage("two");
        put(tag("latest"), first);
        put(tag("latest"), second);
        assertEquals(Optional.of(sha256(second)), current("latest"));
        Tag latest = new Tag("latest");
        assertEquals(sha256(second).toString(), new String(driver.getContent(StoragePaths.tagCurrentLink(REPO, latest))));
        assertEquals(sha256(first).toString(), new String(driver.getContent(StoragePaths.tagIndexLink(REPO, latest, sha256(first)))));
        assertEquals(sha256(second).toString(), new String(driver.getContent(StoragePaths.tagIndexLink(REPO, latest, sha256(second)))));
        // the old manifest is still there by digest
        assertArrayEquals(first, manifests.get(REPO, digest(sha256(first))).orElseThrow().content());
    }

    @Test
    void samePushTwiceIsHarmless() throws IOException {
        byte[] content = pushedImage("one");
        put(tag("latest"), content);
        put(tag("latest"), content);
        assertEquals(Optional.of(sha256(content)), current("latest"));
    }

    @Test
    void deleteWhenDisabledIsUnsupported() throws IOException {
        use(new InMemoryDriver(), false);
        byte[] content = pushedImage("one");
        put(tag("latest"), content);
        expect(OciErrorCode.UNSUPPORTED, () -> manifests.delete(REPO, tag("latest")));
        expect(OciErrorCode.UNSUPPORTED, () -> manifests.delete(REPO, digest(sha256(content))));
        assertEquals(405, OciErrorCode.UNSUPPORTED.status());
        assertEquals(Optional.of(sha256(content)), current("latest"));
        assertTrue(manifests.exists(REPO, sha256(content)));
    }

    @Test
    void deleteByTagRemovesOnlyTheTag() throws IOException {
        byte[] content = pushedImage("one");
        put(tag("latest"), content);
        put(tag("v1"), content);
        manifests.delete(REPO, tag("latest"));
        assertEquals(Optional.empty(), current("latest"));
        assertEquals(Optional.of(sha256(content)), current("v1"));
        assertArrayEquals(content, manifests.get(REPO, digest(sha256(content))).orElseThrow().content());
        assertThrows(PathNotFoundException.class, () -> driver.stat(StoragePaths.tagDirectory(REPO, new Tag("latest"))));
        expect(OciErrorCode.MANIFEST_UNKNOWN, () -> manifests.delete(REPO, tag("latest")));
    }

    @Test
    void deleteByDigestRemovesTheRevisionAndItsTagsOnly() throws IOException {
        byte[] doomed = pushedImage("doomed");
        byte[] kept = pushedImage("kept");
        put(tag("old"), doomed);
        put(tag("v1"), doomed);
        put(tag("latest"), doomed);
        put(tag("latest"), kept); // pointed at doomed once; points at kept now
        put(tag("stable"), kept);

        manifests.delete(REPO, digest(sha256(doomed)));

        assertEquals(Optional.empty(), manifests.get(REPO, digest(sha256(doomed))));
        assertFalse(manifests.exists(REPO, sha256(doomed)));
        assertEquals(Optional.empty(), current("old"));
        assertEquals(Optional.empty(), current("v1"));
        assertEquals(Optional.of(sha256(kept)), current("latest"));
        assertEquals(Optional.of(sha256(kept)), current("stable"));
        assertArrayEquals(kept, manifests.get(REPO, digest(sha256(kept))).orElseThrow().content());
        assertThrows(PathNotFoundException.class,
                () -> driver.stat(StoragePaths.manifestRevisionLink(REPO, sha256(doomed))));
        assertEquals(List.of("latest", "stable"), new LocalTagStore(driver).list(REPO, null, -1).items());
        // the bytes stay for garbage collection, as in distribution
        assertTrue(blobs.size(sha256(doomed)).isPresent());
        expect(OciErrorCode.MANIFEST_UNKNOWN, () -> manifests.delete(REPO, digest(sha256(doomed))));
    }

    @Test
    void deleteByDigestLeavesOtherRepositoriesAlone() throws IOException {
        RepositoryName other = new RepositoryName("team/other");
        Digest config = pushBlob(other, "cfg");
        Digest layer = pushBlob(other, "lyr");
        byte[] content = utf8(TestManifests.ociImage(config, 3, layer, 3));
        manifests.put(other, tag("latest"), content, null);
        pushBlob(REPO, "cfg");
        pushBlob(REPO, "lyr");
        put(tag("latest"), content);

        manifests.delete(REPO, digest(sha256(content)));
        assertEquals(Optional.empty(), manifests.get(REPO, tag("latest")));
        assertArrayEquals(content, manifests.get(other, tag("latest")).orElseThrow().content());
    }

    @Test
    void deleteOfUnknownReferences() throws IOException {
        expect(OciErrorCode.MANIFEST_UNKNOWN, () -> manifests.delete(REPO, tag("latest")));
        expect(OciErrorCode.MANIFEST_UNKNOWN, () -> manifests.delete(REPO, digest(sha256(utf8("x")))));
        byte[] content = pushedImage("one");
        put(tag("latest"), content);
        expect(OciErrorCode.MANIFEST_UNKNOWN, () -> manifests.delete(REPO, tag("nope")));
        expect(OciErrorCode.MANIFEST_UNKNOWN, () -> manifests.delete(new RepositoryName("team/other"), digest(sha256(content))));
        assertEquals(Optional.of(sha256(content)), current("latest"));
    }

    @Test
    void tagWhoseManifestRevisionIsGoneIsAbsent() throws IOException {
        byte[] content = pushedImage("one");
        put(tag("latest"), content);
        String revision = StoragePaths.manifestRevisionLink(REPO, sha256(content));
        driver.delete(revision.substring(0, revision.length() - "/link".length()));
        assertEquals(Optional.empty(), manifests.get(REPO, tag("latest")));
        assertEquals(Optional.empty(), manifests.get(REPO, digest(sha256(content))));
    }

    @Test
    void manifestWhoseBytesAreGoneIsAbsent() throws IOException {
        byte[] content = pushedImage("one");
        put(tag("latest"), content);
        driver.delete(StoragePaths.blobDirectory(sha256(content)));
        assertEquals(Optional.empty(), manifests.get(REPO, tag("latest")));
        assertEquals(Optional.empty(), manifests.get(REPO, digest(sha256(content))));
        assertFalse(manifests.exists(REPO, sha256(content)));
    }

    @Test
    void garbageLinksCountAsAbsent() throws IOException {
        byte[] content = pushedImage("one");
        put(tag("latest"), content);
        put(tag("v1"), content);
        driver.putContent(StoragePaths.tagCurrentLink(REPO, new Tag("latest")), utf8("not a digest\n"));
        assertEquals(Optional.empty(), manifests.get(REPO, tag("latest")));
        assertEquals(Optional.of(sha256(content)), current("v1"));

        driver.putContent(StoragePaths.manifestRevisionLink(REPO, sha256(content)), utf8("sha256:XYZ"));
        assertEquals(Optional.empty(), manifests.get(REPO, digest(sha256(content))));
        assertEquals(Optional.empty(), manifests.get(REPO, tag("v1")));
        assertFalse(manifests.exists(REPO, sha256(content)));

        driver.putContent(StoragePaths.manifestRevisionLink(REPO, sha256(content)), new byte[0]);
        assertFalse(manifests.exists(REPO, sha256(content)));

        // pushing again repairs the links
        put(tag("latest"), content);
        assertEquals(Optional.of(sha256(content)), current("latest"));
    }

    @Test
    void linkWithTrailingNewlineIsRead() throws IOException {
        // Hand-edited or foreign-tool links may end with a newline.
        byte[] content = pushedImage("one");
        put(tag("latest"), content);
        driver.putContent(StoragePaths.tagCurrentLink(REPO, new Tag("latest")), utf8(sha256(content) + "\n"));
        assertEquals(Optional.of(sha256(content)), current("latest"));
    }

    @Test
    void onDiskLayoutIsDistributions() throws IOException {
        use(new FilesystemDriver(temp.resolve("registry")), true);
        Path root = temp.resolve("registry").toRealPath();
        byte[] content = pushedImage("one");
        Digest d = sha256(content);
        put(tag("latest"), content);
        Path repo = root.resolve("docker/registry/v2/repositories/team/app/_manifests");
        assertArrayEquals(content, Files.readAllBytes(
                root.resolve("docker/registry/v2/blobs/sha256/" + d.hex().substring(0, 2) + "/" + d.hex() + "/data")));
        // link files hold the digest string and nothing else, as distribution writes them
        assertEquals(d.toString(), Files.readString(repo.resolve("revisions/sha256/" + d.hex() + "/link")));
        assertEquals(d.toString(), Files.readString(repo.resolve("tags/latest/current/link")));
        assertEquals(d.toString(), Files.readString(repo.resolve("tags/latest/index/sha256/" + d.hex() + "/link")));
        manifests.delete(REPO, tag("latest"));
        assertFalse(Files.exists(repo.resolve("tags/latest")));
    }

    @Test
    void readsADataDirectoryWrittenByHand() throws IOException {
        // What distribution would have written: links and a blob, no Wharf code involved.
        byte[] content = pushedImage("one");
        Digest d = sha256(content);
        driver.putContent(StoragePaths.blobData(d), content);
        driver.putContent(StoragePaths.manifestRevisionLink(REPO, d), utf8(d.toString()));
        driver.putContent(StoragePaths.tagCurrentLink(REPO, new Tag("latest")), utf8(d.toString()));
        assertArrayEquals(content, manifests.get(REPO, tag("latest")).orElseThrow().content());
        assertArrayEquals(content, manifests.get(REPO, digest(d)).orElseThrow().content());
    }

    @Test
    void typeThatOnlyTheContentTypeGivesIsRefused() throws IOException {
        // Only the bytes are kept, so a type they do not say themselves would change on reading back.
        Digest config = pushBlob(REPO, "{}");
        Digest layer = pushBlob(REPO, "l");
        byte[] imageManifest = pushedImage("child");
        put(digest(sha256(imageManifest)), imageManifest);
        String dockerWithoutMediaType = "{\"schemaVersion\":2,\"config\":" + descriptor(TestManifests.DOCKER_CONFIG, config, 2)
                + ",\"layers\":[" + descriptor(TestManifests.DOCKER_LAYER, layer, 1) + "]}";
        String listWithoutMediaType = "{\"schemaVersion\":2,\"manifests\":["
                + child(MediaTypes.OCI_MANIFEST, sha256(imageManifest), imageManifest.length, "linux", "amd64") + "]}";
        String imageThatLooksLikeAnIndex = "{\"schemaVersion\":2,\"config\":" + descriptor(OCI_CONFIG, config, 2)
                + ",\"layers\":[],\"manifests\":[]}";
        for (String[] pushed : new String[][] {
                {dockerWithoutMediaType, MediaTypes.DOCKER_MANIFEST},
                {listWithoutMediaType, MediaTypes.DOCKER_MANIFEST_LIST},
                {imageThatLooksLikeAnIndex, MediaTypes.OCI_MANIFEST}}) {
            InvalidValueException e = assertThrows(InvalidValueException.class,
                    () -> manifests.put(REPO, tag("latest"), utf8(pushed[0]), pushed[1]), pushed[0]);
            assertEquals(InvalidValueException.Kind.MANIFEST, e.kind());
            assertEquals(Optional.empty(), manifests.get(REPO, tag("latest")));
        }
    }

    @Test
    void readBackTypeIsThePushedType() throws IOException {
        Digest config = pushBlob(REPO, "{}");
        Digest layer = pushBlob(REPO, "l");
        byte[] imageManifest = pushedImage("child");
        put(digest(sha256(imageManifest)), imageManifest);
        String ociWithoutMediaType = "{\"schemaVersion\":2,\"config\":" + descriptor(OCI_CONFIG, config, 2)
                + ",\"layers\":[" + descriptor(OCI_LAYER, layer, 1) + "]}";
        String ociIndexWithoutMediaType = "{\"schemaVersion\":2,\"manifests\":["
                + child(MediaTypes.OCI_MANIFEST, sha256(imageManifest), imageManifest.length, "linux", "amd64") + "]}";
        String dockerWithMediaType = image(MediaTypes.DOCKER_MANIFEST, descriptor(TestManifests.DOCKER_CONFIG, config, 2),
                descriptor(TestManifests.DOCKER_LAYER, layer, 1));
        for (String[] pushed : new String[][] {
                {ociWithoutMediaType, MediaTypes.OCI_MANIFEST},
                {ociWithoutMediaType, null},
                {ociWithoutMediaType, "application/json"},
                {ociIndexWithoutMediaType, MediaTypes.OCI_INDEX},
                {dockerWithMediaType, MediaTypes.DOCKER_MANIFEST},
                {dockerWithMediaType, "application/json; charset=utf-8"}}) {
            StoredManifest stored = manifests.put(REPO, tag("latest"), utf8(pushed[0]), pushed[1]);
            assertEquals(stored.manifest().mediaType(),
                    manifests.get(REPO, tag("latest")).orElseThrow().manifest().mediaType(), pushed[0]);
        }
    }
}
