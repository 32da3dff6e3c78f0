package dev.wharf.api;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.Digest;
import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.BlobInfo;
import dev.wharf.storage.OpenBlob;
import dev.wharf.storage.RepositoryBlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** {@code /v2/<name>/blobs/<digest>}: read (whole or one range), check, delete; heads from {@link BlobResponse}. */
@ApplicationScoped
@Path("/v2/{name: .+}/blobs/{digest}")
public class BlobResource {
    private final RepositoryBlobStore blobs;

    @Inject
    public BlobResource(RepositoryBlobStore blobs) {
        this.blobs = blobs;
    }

    @HEAD
    public Response head(@PathParam("name") String name, @PathParam("digest") String digest) throws IOException {
        BlobInfo blob = blobs.stat(RepositoryName.parse(name), Digest.parse(digest))
                .orElseThrow(() -> unknown(RepositoryName.parse(name), Digest.parse(digest)));
        return BlobResponse.head(blob.digest(), blob.size()).toJaxRs().build();
    }

    @GET
    public Response get(@PathParam("name") String name, @PathParam("digest") String digest,
            @HeaderParam("Range") String range, @Context HttpHeaders request) throws IOException {
        RepositoryName repository = RepositoryName.parse(name);
        Digest wanted = Digest.parse(digest);
        // One lookup gives the size and the open file: nothing can vanish between the two.
        OpenBlob blob = blobs.read(repository, wanted).orElseThrow(() -> unknown(repository, wanted));
        BlobResponse head = BlobResponse.get(wanted, blob.size(), range, request.getRequestHeader("If-None-Match"));
        if (!head.hasBody()) {
            blob.close();
            return head.toJaxRs().build();
        }
        return head.toJaxRs().entity(stream(blob, head.offset(), head.length())).build();
    }

    @DELETE
    public Response delete(@PathParam("name") String name, @PathParam("digest") String digest) throws IOException {
        blobs.delete(RepositoryName.parse(name), Digest.parse(digest));
        return Response.accepted().header("Content-Length", 0).build();
    }

    private static RegistryException unknown(RepositoryName repository, Digest digest) {
        return new RegistryException(OciErrorCode.BLOB_UNKNOWN,
                Map.of("digest", digest.toString(), "repository", repository.value()));
    }

    private static StreamingOutput stream(OpenBlob blob, long offset, long length) {
        return output -> {
            try (blob; InputStream in = blob.stream(offset)) {
                copy(in, output, length);
            }
        };
    }

    private static void copy(InputStream in, java.io.OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                // The blob shrank under us (deleted mid-read): fail the transfer rather than pad it.
                throw new IOException("blob ended " + remaining + " bytes early");
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
    }
}
