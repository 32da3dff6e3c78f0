package dev.wharf.storage;

import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.Tag;
import dev.wharf.domain.UploadId;

/**
 * The only place that knows where things live in storage. The layout is distribution's
 * ({@code registry/storage/paths.go}), so a data directory written by distribution is served
 * as it is, and the other way round:
 *
 * <pre>
 * /docker/registry/v2/
 *   blobs/&lt;alg&gt;/&lt;first 2 hex&gt;/&lt;hex&gt;/data                  blob and manifest bytes, shared
 *   repositories/&lt;name&gt;/
 *     _layers/&lt;alg&gt;/&lt;hex&gt;/link                          blob linked into the repository
 *     _manifests/revisions/&lt;alg&gt;/&lt;hex&gt;/link              manifest in the repository
 *     _manifests/tags/&lt;tag&gt;/current/link                  what the tag points at now
 *     _manifests/tags/&lt;tag&gt;/index/&lt;alg&gt;/&lt;hex&gt;/link        every manifest the tag has pointed at
 *     _manifests/referrers/&lt;alg&gt;/&lt;subject hex&gt;/&lt;alg&gt;/&lt;hex&gt;/link
 *                                                    a manifest whose subject is that digest (Wharf's
 *                                                    addition for the OCI 1.1 referrers API; distribution
 *                                                    ignores the directory)
 *     _uploads/&lt;id&gt;/data                                 bytes of an upload in progress
 *     _uploads/&lt;id&gt;/startedat                            when it started (RFC 3339)
 * </pre>
 *
 * A link file holds a digest string such as {@code sha256:…}. Every variable component comes
 * from a validated domain type, so no path can leave the tree.
 */
public final class StoragePaths {
    private static final String ROOT = "/docker/registry/v2";
    private static final String MANIFESTS = "_manifests";
    private static final String UPLOADS = "_uploads";
    private static final String UPLOAD_DATA = "data";
    private static final String LINK = "link";

    private StoragePaths() {}

    public static String blobsRoot() {
        return ROOT + "/blobs";
    }

    public static String blobDirectory(Digest digest) {
        return blobsRoot() + "/" + digest.algorithm().label() + "/" + digest.hex().substring(0, 2) + "/" + digest.hex();
    }

    public static String blobData(Digest digest) {
        return blobDirectory(digest) + "/data";
    }

    public static String repositoriesRoot() {
        return ROOT + "/repositories";
    }

    public static String repository(RepositoryName name) {
        return repositoriesRoot() + "/" + name.value();
    }

    public static String layerLink(RepositoryName name, Digest digest) {
        return repository(name) + "/_layers/" + digest.algorithm().label() + "/" + digest.hex() + "/link";
    }

    public static String manifestsDirectory(RepositoryName name) {
        return repository(name) + "/" + MANIFESTS;
    }

    /** Whether {@code path} is a repository's {@code _manifests} directory: what makes a directory a repository. */
    public static boolean isManifestsDirectory(String path) {
        // One right below repositories/ has no name to list.
        return lastComponent(path).equals(MANIFESTS) && !path.equals(repositoriesRoot() + "/" + MANIFESTS);
    }

    /**
     * The repository name of a {@code _manifests} directory found in a walk, as the catalog lists
     * it: the path between {@code repositories/} and {@code /_manifests}.
     */
    public static String repositoryNameOf(String manifestsDirectory) {
        String prefix = repositoriesRoot() + "/";
        String suffix = "/" + MANIFESTS;
        if (!manifestsDirectory.startsWith(prefix) || !manifestsDirectory.endsWith(suffix)
                || manifestsDirectory.length() <= prefix.length() + suffix.length()) {
            throw new IllegalArgumentException("not a repository's manifests directory: " + manifestsDirectory);
        }
        return manifestsDirectory.substring(prefix.length(), manifestsDirectory.length() - suffix.length());
    }

    /**
     * Whether {@code path} is one of a repository's own directories ({@code _layers}, {@code
     * _manifests}, {@code _uploads}), never part of a repository name: a walk for repositories
     * need not descend into it.
     */
    public static boolean isRepositoryDataDirectory(String path) {
        return lastComponent(path).startsWith("_");
    }

    public static String manifestRevisionLink(RepositoryName name, Digest digest) {
        return manifestsDirectory(name) + "/revisions/" + digest.algorithm().label() + "/" + digest.hex() + "/link";
    }

    public static String tagsDirectory(RepositoryName name) {
        return manifestsDirectory(name) + "/tags";
    }

    public static String tagDirectory(RepositoryName name, Tag tag) {
        return tagsDirectory(name) + "/" + tag.value();
    }

    public static String tagCurrentLink(RepositoryName name, Tag tag) {
        return tagDirectory(name, tag) + "/current/link";
    }

    public static String tagIndexLink(RepositoryName name, Tag tag, Digest digest) {
        return tagDirectory(name, tag) + "/index/" + digest.algorithm().label() + "/" + digest.hex() + "/link";
    }

    public static String referrersDirectory(RepositoryName name, Digest subject) {
        return manifestsDirectory(name) + "/referrers/" + subject.algorithm().label() + "/" + subject.hex();
    }

    public static String referrerLink(RepositoryName name, Digest subject, Digest referrer) {
        return referrersDirectory(name, subject) + "/" + referrer.algorithm().label() + "/" + referrer.hex() + "/link";
    }

    public static String uploadsDirectory(RepositoryName name) {
        return repository(name) + "/" + UPLOADS;
    }

    /** Whether {@code path} is a repository's {@code _uploads} directory. */
    public static boolean isUploadsDirectory(String path) {
        return lastComponent(path).equals(UPLOADS);
    }

    public static String uploadDirectory(RepositoryName name, UploadId id) {
        return uploadsDirectory(name) + "/" + id.value();
    }

    public static String uploadData(RepositoryName name, UploadId id) {
        return uploadDirectory(name, id) + "/" + UPLOAD_DATA;
    }

    public static String uploadStartedAt(RepositoryName name, UploadId id) {
        return uploadStartedAtIn(uploadDirectory(name, id));
    }

    /**
     * The {@code startedat} file of an upload directory known by its path only (found by listing
     * {@code _uploads}, whose entries need not be valid upload ids).
     */
    public static String uploadStartedAtIn(String uploadDirectory) {
        return uploadDirectory + "/startedat";
    }

    /** The upload directory that holds an upload's {@code data} file: what to delete to remove the upload. */
    public static String uploadDirectoryOf(String uploadData) {
        return parentOf(uploadData, UPLOAD_DATA);
    }

    /** The directory that holds a link file: what to delete to remove the link. */
    public static String linkDirectory(String linkPath) {
        return parentOf(linkPath, LINK);
    }

    /** The link file in a link's directory (found by listing), the inverse of {@link #linkDirectory}. */
    public static String linkIn(String linkDirectory) {
        return linkDirectory + "/" + LINK;
    }

    /** The last component of a path, such as a tag name from its directory. */
    public static String lastComponent(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The directory holding {@code path}, which must be a file named {@code fileName}. */
    private static String parentOf(String path, String fileName) {
        if (!path.endsWith("/" + fileName)) {
            throw new IllegalArgumentException("not a " + fileName + " path: " + path);
        }
        return path.substring(0, path.length() - fileName.length() - 1);
    }
}
