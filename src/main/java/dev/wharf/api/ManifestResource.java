package dev.wharf.api;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.Reference;
import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.ManifestStore;
import dev.wharf.storage.StoredManifest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;

/** {@code /v2/<name>/manifests/<reference>}: read, check, push and delete manifests by tag or digest. */
@ApplicationScoped
@Path("/v2/{name: .+}/manifests/{reference}")
public class ManifestResource {
    /** Manifests beyond this are refused with 413; the spec asks registries to take at least 4 MiB. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final ManifestStore manifests;
    private final Locations locations;

    @Inject
    public ManifestResource(ManifestStore manifests, Locations locations) {
        this.manifests = manifests;
        this.locations = locations;
    }

    @GET
    public Response get(@PathParam("name") String name, @PathParam("reference") String reference,
            @Context HttpHeaders headers) throws IOException {
        StoredManifest manifest = find(name, reference, headers);
        if (EntityTags.matches(headers.getRequestHeader("If-None-Match"), manifest.digest().toString())) {
            return describe(Response.notModified(), manifest).build();
        }
        return describe(Response.ok(manifest.content()), manifest).build();
    }

    @HEAD
    public Response head(@PathParam("name") String name, @PathParam("reference") String reference,
            @Context HttpHeaders headers) throws IOException {
        return describe(Response.ok(), find(name, reference, headers)).build();
    }

    @PUT
    public Response put(@PathParam("name") String name, @PathParam("reference") String reference,
            @HeaderParam("Content-Type") String contentType, InputStream body, @Context UriInfo request)
            throws IOException {
        RepositoryName repository = RepositoryName.parse(name);
        StoredManifest stored = manifests.put(repository, Reference.parse(reference), readLimited(body), contentType);
        Response.ResponseBuilder response = Response
                .created(URI.create(locations.of(request, "v2/" + repository.value() + "/manifests/" + stored.digest())))
                .header("Docker-Content-Digest", stored.digest().toString())
                .header("Content-Length", 0);
        stored.manifest().subject().ifPresent(subject -> response.header("OCI-Subject", subject.digest().toString()));
        return response.build();
    }

    @DELETE
    public Response delete(@PathParam("name") String name, @PathParam("reference") String reference) throws IOException {
        manifests.delete(RepositoryName.parse(name), Reference.parse(reference));
        return Response.accepted().header("Content-Length", 0).build();
    }

    private StoredManifest find(String name, String reference, HttpHeaders headers) throws IOException {
        RepositoryName repository = RepositoryName.parse(name);
        Reference parsed = Reference.parse(reference);
        StoredManifest stored = manifests.get(repository, parsed).orElseThrow(() -> new RegistryException(
                OciErrorCode.MANIFEST_UNKNOWN, Map.of("repository", repository.value(), "reference", reference)));
        return ManifestNegotiation.choose(manifests, repository, stored, headers.getRequestHeader(HttpHeaders.ACCEPT));
    }

    private static Response.ResponseBuilder describe(Response.ResponseBuilder response, StoredManifest manifest) {
        return response.type(manifest.manifest().mediaType())
                .header("Docker-Content-Digest", manifest.digest().toString())
                .header("ETag", "\"" + manifest.digest() + "\"")
                .header("Content-Length", manifest.content().length);
    }

    /** Reads the body, refusing one over the limit before holding more than the limit. */
    private static byte[] readLimited(InputStream body) throws IOException {
        byte[] content = body.readNBytes(MAX_MANIFEST_BYTES + 1);
        if (content.length > MAX_MANIFEST_BYTES) {
            throw new RegistryException(OciErrorCode.MANIFEST_TOO_LARGE,
                    "manifests are limited to " + MAX_MANIFEST_BYTES + " bytes");
        }
        return content;
    }
}
