package dev.wharf.api;

import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.UploadStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The headers that tell a client where an upload stands ({@code Location}, {@code Range} and the
 * session id), written the same way after a chunk is taken and after one is refused as out of
 * order, so a client can always resume from what the last answer said.
 */
@ApplicationScoped
public class UploadHeaders {
    private final Locations locations;

    @Inject
    public UploadHeaders(Locations locations) {
        this.locations = locations;
    }

    /** Adds the upload's headers to {@code response}. */
    public Response.ResponseBuilder add(Response.ResponseBuilder response, RepositoryName repository, UploadStatus upload,
            UriInfo request) {
        return response
                .header("Location", locations.of(request, "v2/" + repository.value() + "/blobs/uploads/" + upload.id()))
                .header("Range", range(upload.size()))
                .header("Docker-Upload-UUID", upload.id().value())
                .header("Blob-Upload-Session-ID", upload.id().value());
    }

    /** The {@code Range} value for an upload holding {@code size} bytes, as distribution writes it. */
    static String range(long size) {
        return "0-" + Math.max(0, size - 1);
    }
}
