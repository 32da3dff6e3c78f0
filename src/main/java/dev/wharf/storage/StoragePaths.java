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
        return repository(name) + "/_manifests";
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
        return repository(name) + "/_uploads";
    }

    public static String uploadDirectory(RepositoryName name, UploadId id) {
        return uploadsDirectory(name) + "/" + id.value();
    }

    public static String uploadData(RepositoryName name, UploadId id) {
        return uploadDirectory(name, id) + "/data";
    }

    public static String uploadStartedAt(RepositoryName name, UploadId id) {
        return uploadDirectory(name, id) + "/startedat";
    }

    /** The directory that holds a link file: what to delete to remove the link. */
    public static String linkDirectory(String linkPath) {
        if (!linkPath.endsWith("/link")) {
            throw new IllegalArgumentException("not a link path: " + linkPath);
        }
        return linkPath.substring(0, linkPath.length() - "/link".length());
    }

    /** The last component of a path, such as a tag name from its directory. */
    public static String lastComponent(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
