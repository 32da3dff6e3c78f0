package dev.wharf.api;

import static dev.wharf.storage.TestContent.sha256;
import static dev.wharf.storage.TestContent.utf8;
import static dev.wharf.storage.TestManifests.child;
import static dev.wharf.storage.TestManifests.descriptor;
import static dev.wharf.storage.TestManifests.image;
import static dev.wharf.storage.TestManifests.index;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.Digest;
import dev.wharf.domain.MediaTypes;
import dev.wharf.domain.Reference;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.Tag;
import dev.wharf.storage.BlobStore;
import dev.wharf.storage.LocalManifestStore;
import dev.wharf.storage.LocalRepositoryBlobStore;
import dev.wharf.storage.LocalUploadStore;
import dev.wharf.storage.StoredManifest;
import dev.wharf.storage.TestManifests;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.inmemory.InMemoryDriver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real manifests in a real (in-memory) store: an OCI index, a Docker list, their children. */
class ManifestNegotiationTest {
    private static final RepositoryName REPO = new RepositoryName("team/app");

    private LocalManifestStore manifests;
    private LocalUploadStore uploads;

    private StoredManifest ociImage;
    private StoredManifest ociImageArm;
    private StoredManifest ociIndex;
    private StoredManifest armOnlyIndex;
    private StoredManifest dockerImage;
    private StoredManifest dockerList;

    @BeforeEach
    void setUp() throws IOException {
        StorageDriver driver = new InMemoryDriver();
        BlobStore blobs = new BlobStore(driver);
        LocalRepositoryBlobStore repositoryBlobs = new LocalRepositoryBlobStore(driver, blobs, false);
        uploads = new LocalUploadStore(driver, blobs, repositoryBlobs);
        manifests = new LocalManifestStore(driver, blobs, repositoryBlobs, false);

        Digest config = pushBlob("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        Digest configArm = pushBlob("{\"architecture\":\"arm64\",\"os\":\"linux\"}");
        Digest layer = pushBlob("layer");
        ociImage = put("oci-amd64", TestManifests.ociImage(config, 40, layer, 5), MediaTypes.OCI_MANIFEST);
        ociImageArm = put("oci-arm64", TestManifests.ociImage(configArm, 40, layer, 5), MediaTypes.OCI_MANIFEST);
        ociIndex = put("oci-index", index(MediaTypes.OCI_INDEX,
                child(MediaTypes.OCI_MANIFEST, ociImageArm.digest(), ociImageArm.content().length, "linux", "arm64"),
                child(MediaTypes.OCI_MANIFEST, ociImage.digest(), ociImage.content().length, "linux", "amd64")),
                MediaTypes.OCI_INDEX);
        armOnlyIndex = put("arm-only", index(MediaTypes.OCI_INDEX,
                child(MediaTypes.OCI_MANIFEST, ociImageArm.digest(), ociImageArm.content().length, "linux", "arm64"),
                child(MediaTypes.OCI_MANIFEST, ociImage.digest(), ociImage.content().length, "windows", "amd64")),
                MediaTypes.OCI_INDEX);
        dockerImage = put("docker-amd64", image(MediaTypes.DOCKER_MANIFEST,
                descriptor(TestManifests.DOCKER_CONFIG, config, 40), descriptor(TestManifests.DOCKER_LAYER, layer, 5)),
                MediaTypes.DOCKER_MANIFEST);
        dockerList = put("docker-list", index(MediaTypes.DOCKER_MANIFEST_LIST,
                child(MediaTypes.DOCKER_MANIFEST, dockerImage.digest(), dockerImage.content().length, "linux", "amd64")),
                MediaTypes.DOCKER_MANIFEST_LIST);
    }

    private Digest pushBlob(String content) throws IOException {
        byte[] bytes = utf8(content);
        return uploads.complete(REPO, uploads.start(REPO).id(), Optional.empty(), -1, new ByteArrayInputStream(bytes),
                sha256(bytes)).digest();
    }

    private StoredManifest put(String tag, String json, String mediaType) throws IOException {
        manifests.put(REPO, new Reference.ByTag(new Tag(tag)), utf8(json), mediaType);
        // served as a GET would find it: read back from storage
        return manifests.get(REPO, new Reference.ByTag(new Tag(tag))).orElseThrow();
    }

    private StoredManifest choose(StoredManifest stored, String... acceptHeaders) throws IOException {
        return ManifestNegotiation.choose(manifests, REPO, stored, Arrays.asList(acceptHeaders));
    }

    private void assertServes(StoredManifest expected, StoredManifest actual) {
        assertEquals(expected.digest(), actual.digest());
        assertArrayEquals(expected.content(), actual.content());
    }

    private RegistryException refused(StoredManifest stored, String... acceptHeaders) {
        RegistryException e = assertThrows(RegistryException.class, () -> choose(stored, acceptHeaders));
        assertEquals(OciErrorCode.MANIFEST_UNKNOWN, e.errors().get(0).code());
        assertEquals(404, e.code().status());
        return e;
    }

    @Test
    void noAcceptHeaderServesWhatIsStored() throws IOException {
        assertSame(ociIndex, choose(ociIndex));
        assertSame(ociIndex, ManifestNegotiation.choose(manifests, REPO, ociIndex, null));
        assertSame(ociImage, choose(ociImage));
        assertSame(dockerList, choose(dockerList, ""));
    }

    @Test
    void acceptedStoredTypeIsServed() throws IOException {
        assertSame(ociIndex, choose(ociIndex, MediaTypes.OCI_INDEX));
        assertSame(ociImage, choose(ociImage, MediaTypes.OCI_MANIFEST));
        assertSame(dockerImage, choose(dockerImage, MediaTypes.DOCKER_MANIFEST));
        assertSame(dockerList, choose(dockerList, MediaTypes.DOCKER_MANIFEST_LIST));
    }

    @Test
    void acceptWithParametersSeveralHeadersAndLists() throws IOException {
        assertSame(ociIndex, choose(ociIndex, MediaTypes.OCI_INDEX + ";q=0.9"));
        assertSame(ociIndex, choose(ociIndex, MediaTypes.OCI_INDEX + " ; q=0.5; charset=utf-8"));
        assertSame(ociIndex, choose(ociIndex, MediaTypes.DOCKER_MANIFEST, MediaTypes.OCI_INDEX));
        assertSame(ociIndex, choose(ociIndex,
                MediaTypes.DOCKER_MANIFEST + ", " + MediaTypes.DOCKER_MANIFEST_LIST + ";q=0.8, " + MediaTypes.OCI_INDEX + ";q=0.7"));
        assertSame(dockerImage, choose(dockerImage, "application/json, " + MediaTypes.DOCKER_MANIFEST.toUpperCase()));
    }

    @Test
    void wildcardsServeWhatIsStored() throws IOException {
        assertSame(ociIndex, choose(ociIndex, "*/*"));
        assertSame(ociIndex, choose(ociIndex, MediaTypes.OCI_MANIFEST + ", */*;q=0.1"));
        assertSame(dockerImage, choose(dockerImage, "application/*"));
    }

    @Test
    void indexForAClientThatReadsOnlyImagesGivesTheLinuxAmd64Image() throws IOException {
        assertServes(ociImage, choose(ociIndex, MediaTypes.OCI_MANIFEST));
        assertServes(ociImage, choose(ociIndex, MediaTypes.OCI_MANIFEST + ";q=0.5", MediaTypes.DOCKER_MANIFEST));
        assertServes(dockerImage, choose(dockerList, MediaTypes.DOCKER_MANIFEST));
        assertServes(dockerImage, choose(dockerList, MediaTypes.DOCKER_MANIFEST + ", " + MediaTypes.OCI_MANIFEST));
    }

    @Test
    void indexWithoutALinuxAmd64Child() {
        RegistryException e = refused(armOnlyIndex, MediaTypes.OCI_MANIFEST);
        assertEquals(true, e.errors().get(0).detail().toString().contains(MediaTypes.OCI_INDEX));
    }

    @Test
    void amd64ChildOfATypeTheClientCannotRead() {
        refused(ociIndex, MediaTypes.DOCKER_MANIFEST);
        refused(dockerList, MediaTypes.OCI_MANIFEST);
    }

    @Test
    void amd64ChildThatIsNotInTheRepository() throws IOException {
        // An index naming a child the repository lost (deleted later, or damaged storage).
        StorageDriver driver = new InMemoryDriver();
        BlobStore blobs = new BlobStore(driver);
        LocalRepositoryBlobStore repositoryBlobs = new LocalRepositoryBlobStore(driver, blobs, true);
        LocalManifestStore deletable = new LocalManifestStore(driver, blobs, repositoryBlobs, true);
        manifests = deletable;
        uploads = new LocalUploadStore(driver, blobs, repositoryBlobs);
        Digest config = pushBlob("{}");
        StoredManifest child = put("child", TestManifests.ociImage(config, 2), MediaTypes.OCI_MANIFEST);
        StoredManifest parent = put("parent", index(MediaTypes.OCI_INDEX,
                child(MediaTypes.OCI_MANIFEST, child.digest(), child.content().length, "linux", "amd64")), MediaTypes.OCI_INDEX);
        deletable.delete(REPO, new Reference.ByDigest(child.digest()));
        refused(parent, MediaTypes.OCI_MANIFEST);
    }

    @Test
    void imageManifestOfAnotherFamilyIsRefused() {
        refused(ociImage, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST);
        refused(ociImage, MediaTypes.DOCKER_MANIFEST + "," + MediaTypes.DOCKER_MANIFEST_LIST);
        refused(dockerImage, MediaTypes.OCI_MANIFEST + ", " + MediaTypes.OCI_INDEX);
        // an image is never "downgraded" from an index request
        refused(ociImage, MediaTypes.OCI_INDEX);
    }

    @Test
    void acceptedTypesWithoutParameters() {
        List<String> headers = new ArrayList<>(List.of(
                "Application/VND.OCI.image.index.v1+json; q=0.9 , application/json", " , ", "*/*;q=0.1"));
        assertEquals(List.of(MediaTypes.OCI_INDEX, "application/json", "*/*"), ManifestNegotiation.acceptedTypes(headers));
        assertEquals(List.of(), ManifestNegotiation.acceptedTypes(null));
        assertEquals(List.of(), ManifestNegotiation.acceptedTypes(List.of("")));
    }
}
