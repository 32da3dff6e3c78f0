package dev.wharf.api;

import dev.wharf.api.error.OciErrorWriter;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.Digest;
import dev.wharf.domain.MediaTypes;
import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.BlobInfo;
import dev.wharf.storage.RepositoryBlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** {@code /v2/<name>/blobs/<digest>}: read (whole or one range), check, delete. */
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
        BlobInfo blob = stat(RepositoryName.parse(name), Digest.parse(digest));
        return headers(Response.ok(), blob).header("Content-Length", blob.size()).build();
    }

    @GET
    public Response get(@PathParam("name") String name, @PathParam("digest") String digest,
            @HeaderParam("Range") String range) throws IOException {
        RepositoryName repository = RepositoryName.parse(name);
        BlobInfo blob = stat(repository, Digest.parse(digest));
        ByteRange.Request wanted = ByteRange.parse(range, blob.size());
        if (wanted instanceof ByteRange.Unsatisfiable) {
            return OciErrorWriter.response(OciErrorCode.RANGE_NOT_SATISFIABLE,
                    "Range '" + range + "' lies outside the blob's " + blob.size() + " bytes")
                    .header("Content-Range", "bytes */" + blob.size())
                    .build();
        }
        if (wanted instanceof ByteRange.Partial partial) {
            ByteRange bytes = partial.range();
            return headers(Response.status(206), blob)
                    .header("Content-Range", bytes.contentRange(blob.size()))
                    .header("Content-Length", bytes.length())
                    .entity(stream(repository, blob, bytes.first(), bytes.length()))
                    .build();
        }
        return headers(Response.ok(), blob)
                .header("Content-Length", blob.size())
                .entity(stream(repository, blob, 0, blob.size()))
                .build();
    }

    @DELETE
    public Response delete(@PathParam("name") String name, @PathParam("digest") String digest) throws IOException {
        blobs.delete(RepositoryName.parse(name), Digest.parse(digest));
        return Response.accepted().header("Content-Length", 0).build();
    }

    private BlobInfo stat(RepositoryName repository, Digest digest) throws IOException {
        return blobs.stat(repository, digest).orElseThrow(() -> new RegistryException(OciErrorCode.BLOB_UNKNOWN,
                Map.of("digest", digest.toString(), "repository", repository.value())));
    }

    private StreamingOutput stream(RepositoryName repository, BlobInfo blob, long offset, long length) {
        return output -> {
            try (InputStream in = blobs.open(repository, blob.digest(), offset)) {
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

    private static Response.ResponseBuilder headers(Response.ResponseBuilder response, BlobInfo blob) {
        return response.type(MediaTypes.OCTET_STREAM)
                .header("Docker-Content-Digest", blob.digest().toString())
                .header("ETag", "\"" + blob.digest() + "\"")
                .header("Accept-Ranges", "bytes")
                // Content-addressed: the bytes behind a digest never change.
                .header("Cache-Control", "max-age=31536000");
    }
}
