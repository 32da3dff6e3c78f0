package dev.wharf.storage;

import static dev.wharf.storage.TestContent.sha256;
import static dev.wharf.storage.TestContent.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.Tag;
import dev.wharf.storage.driver.StorageDriver;
import dev.wharf.storage.driver.inmemory.InMemoryDriver;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tag store only reads links, so the tests write the links as distribution lays them out. */
class LocalTagStoreTest {
    private static final RepositoryName REPO = new RepositoryName("team/app");
    private static final Digest DIGEST = sha256(utf8("a manifest"));

    private StorageDriver driver;
    private LocalTagStore tags;

    @BeforeEach
    void setUp() {
        driver = new InMemoryDriver();
        tags = new LocalTagStore(driver);
    }

    private void tag(RepositoryName repository, String... names) throws IOException {
        for (String name : names) {
            Tag tag = new Tag(name);
            driver.putContent(StoragePaths.tagIndexLink(repository, tag, DIGEST), utf8(DIGEST.toString()));
            driver.putContent(StoragePaths.tagCurrentLink(repository, tag), utf8(DIGEST.toString()));
        }
    }

    @Test
    void unknownRepository() throws IOException {
        RegistryException e = assertThrows(RegistryException.class, () -> tags.list(REPO, null, -1));
        assertEquals(OciErrorCode.NAME_UNKNOWN, e.errors().get(0).code());
        assertEquals(404, e.code().status());
        assertEquals(Map.of("name", "team/app"), e.errors().get(0).detail());
        // another repository's tags do not make this one known, nor does a prefix of its name
        tag(new RepositoryName("team/app/sub"), "latest");
        tag(new RepositoryName("team/other"), "latest");
        assertThrows(RegistryException.class, () -> tags.list(REPO, null, -1));
    }

    @Test
    void repositoryWithBlobsOnlyIsUnknown() throws IOException {
        driver.putContent(StoragePaths.layerLink(REPO, DIGEST), utf8(DIGEST.toString()));
        RegistryException e = assertThrows(RegistryException.class, () -> tags.list(REPO, null, -1));
        assertEquals(OciErrorCode.NAME_UNKNOWN, e.errors().get(0).code());
    }

    @Test
    void repositoryWithoutTagsListsNothing() throws IOException {
        driver.putContent(StoragePaths.manifestRevisionLink(REPO, DIGEST), utf8(DIGEST.toString()));
        Page page = tags.list(REPO, null, -1);
        assertEquals(List.of(), page.items());
        assertFalse(page.more());
    }

    @Test
    void tagsAreSortedLexically() throws IOException {
        tag(REPO, "v2", "latest", "1.0", "V1", "_private", "1.10", "1.9", "a-b", "a.b", "a_b");
        assertEquals(List.of("1.0", "1.10", "1.9", "V1", "_private", "a-b", "a.b", "a_b", "latest", "v2"),
                tags.list(REPO, null, -1).items());
    }

    @Test
    void pagingWithNAndLast() throws IOException {
        tag(REPO, "e", "a", "d", "c", "b");
        Page first = tags.list(REPO, null, 2);
        assertEquals(List.of("a", "b"), first.items());
        assertTrue(first.more());
        assertEquals(Optional.of("b"), first.nextLast());

        Page second = tags.list(REPO, "b", 2);
        assertEquals(List.of("c", "d"), second.items());
        assertTrue(second.more());

        Page third = tags.list(REPO, "d", 2);
        assertEquals(List.of("e"), third.items());
        assertFalse(third.more());
        assertEquals(Optional.empty(), third.nextLast());

        assertEquals(List.of("c", "d", "e"), tags.list(REPO, "bb", -1).items());
        assertEquals(List.of(), tags.list(REPO, "z", 10).items());
        assertEquals(List.of(), tags.list(REPO, null, 0).items());
    }

    @Test
    void tagsWithoutACurrentLinkAreNotListed() throws IOException {
        tag(REPO, "kept");
        Tag deleted = new Tag("half-deleted");
        driver.putContent(StoragePaths.tagIndexLink(REPO, deleted, DIGEST), utf8(DIGEST.toString()));
        Tag garbage = new Tag("garbage");
        driver.putContent(StoragePaths.tagCurrentLink(REPO, garbage), utf8("not a digest"));
        assertEquals(List.of("kept"), tags.list(REPO, null, -1).items());
        // and they do not count towards a page
        assertEquals(List.of("kept"), tags.list(REPO, null, 1).items());
        assertFalse(tags.list(REPO, null, 1).more());
    }

    @Test
    void entriesThatCannotBeTagsAreSkipped() throws IOException {
        tag(REPO, "latest");
        // a name valid as a path but not as a tag (starts with '-'), as a foreign tool might leave
        driver.putContent(StoragePaths.tagsDirectory(REPO) + "/-odd/current/link", utf8(DIGEST.toString()));
        assertEquals(List.of("latest"), tags.list(REPO, null, -1).items());
    }
}
