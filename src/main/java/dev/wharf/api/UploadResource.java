package dev.wharf.api;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.Digest;
import dev.wharf.domain.InvalidValueException;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.UploadId;
import dev.wharf.storage.BlobInfo;
import dev.wharf.storage.RepositoryBlobStore;
import dev.wharf.storage.UploadStatus;
import dev.wharf.storage.UploadStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * {@code /v2/<name>/blobs/uploads/…}: start an upload (or mount, or upload in one request),
 * send chunks, finish with the digest, ask for status, cancel.
 */
@ApplicationScoped
@Path("/v2/{name: .+}/blobs/uploads")
public class UploadResource {
    private final UploadStore uploads;
    private final RepositoryBlobStore blobs;
    private final Locations locations;
    private final UploadHeaders uploadHeaders;

    @Inject
    public UploadResource(UploadStore uploads, RepositoryBlobStore blobs, Locations locations, UploadHeaders uploadHeaders) {
        this.uploads = uploads;
        this.blobs = blobs;
        this.locations = locations;
        this.uploadHeaders = uploadHeaders;
    }

    @POST
    public Response start(@PathParam("name") String name, @QueryParam("digest") String digest,
            @QueryParam("mount") String mount, @QueryParam("from") String from,
            @HeaderParam("Content-Length") Long length, InputStream body, @Context UriInfo request) throws IOException {
        RepositoryName repository = RepositoryName.parse(name);
        if (mount != null) {
            Optional<BlobInfo> mounted = mountable(mount, from, repository);
            if (mounted.isPresent()) {
                return created(repository, mounted.get(), request);
            }
        }
        // Parse before starting a session, so a bad digest leaves no orphaned upload behind.
        Optional<Digest> monolithic = digest == null ? Optional.empty() : Optional.of(Digest.parse(digest));
        UploadStatus upload = uploads.start(repository);
        if (monolithic.isPresent()) {
            BlobInfo blob = uploads.complete(repository, upload.id(), Optional.empty(), orUnknown(length), body,
                    monolithic.get());
            return created(repository, blob, request);
        }
        return inProgress(Response.accepted(), repository, upload, request).build();
    }

    @PATCH
    @Path("{id}")
    public Response patch(@PathParam("name") String name, @PathParam("id") String id,
            @HeaderParam("Content-Range") String contentRange, @HeaderParam("Content-Length") Long length,
            InputStream body, @Context UriInfo request) throws IOException {
        RepositoryName repository = RepositoryName.parse(name);
        UploadStatus upload = uploads.append(repository, new UploadId(id), UploadRanges.parse(contentRange),
                orUnknown(length), body);
        return inProgress(Response.accepted(), repository, upload, request).build();
    }

    @PUT
    @Path("{id}")
    public Response finish(@PathParam("name") String name, @PathParam("id") String id,
            @QueryParam("digest") String digest, @HeaderParam("Content-Range") String contentRange,
            @HeaderParam("Content-Length") Long length, InputStream body, @Context UriInfo request) throws IOException {
        RepositoryName repository = RepositoryName.parse(name);
        UploadId upload = new UploadId(id);
        if (digest == null || digest.isEmpty()) {
            throw new RegistryException(OciErrorCode.DIGEST_INVALID,
                    "the digest query parameter is required to finish an upload: PUT …/uploads/<id>?digest=<algorithm>:<hex>");
        }
        BlobInfo blob = uploads.complete(repository, upload, UploadRanges.parse(contentRange), orUnknown(length), body,
                Digest.parse(digest));
        return created(repository, blob, request);
    }

    @GET
    @Path("{id}")
    public Response status(@PathParam("name") String name, @PathParam("id") String id, @Context UriInfo request)
            throws IOException {
        RepositoryName repository = RepositoryName.parse(name);
        UploadStatus upload = uploads.status(repository, new UploadId(id));
        return inProgress(Response.noContent(), repository, upload, request).build();
    }

    @DELETE
    @Path("{id}")
    public Response cancel(@PathParam("name") String name, @PathParam("id") String id) throws IOException {
        uploads.cancel(RepositoryName.parse(name), new UploadId(id));
        return Response.noContent().build();
    }

    /** The blob to mount, if the mount parameters are usable and the registry has it. */
    private Optional<BlobInfo> mountable(String mount, String from, RepositoryName repository) throws IOException {
        Digest digest;
        Optional<RepositoryName> source;
        try {
            digest = Digest.parse(mount);
            source = from == null || from.isEmpty() ? Optional.empty() : Optional.of(RepositoryName.parse(from));
        } catch (InvalidValueException e) {
            // The spec: a mount with invalid arguments falls back to an ordinary upload.
            return Optional.empty();
        }
        return blobs.mount(repository, digest, source);
    }

    private Response created(RepositoryName repository, BlobInfo blob, UriInfo request) {
        return Response.created(java.net.URI.create(locations.of(request, "v2/" + repository.value() + "/blobs/" + blob.digest())))
                .header("Docker-Content-Digest", blob.digest().toString())
                .header("Content-Length", 0)
                .build();
    }

    private Response.ResponseBuilder inProgress(Response.ResponseBuilder response, RepositoryName repository,
            UploadStatus upload, UriInfo request) {
        return uploadHeaders.add(response, repository, upload, request).header("Content-Length", 0);
    }

    private static long orUnknown(Long length) {
        return length == null ? -1 : length;
    }
}
