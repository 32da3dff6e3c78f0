package dev.wharf.api;

import dev.wharf.domain.Descriptor;
import dev.wharf.domain.Digest;
import dev.wharf.domain.MediaTypes;
import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.ManifestStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v2/<name>/referrers/<digest>}: the OCI 1.1 referrers API. Always an image index,
 * empty when nothing refers to the digest (or the digest is unknown), filtered by
 * {@code artifactType} when asked.
 */
@ApplicationScoped
@Path("/v2/{name: .+}/referrers/{digest}")
public class ReferrersResource {
    private final ManifestStore manifests;

    @Inject
    public ReferrersResource(ManifestStore manifests) {
        this.manifests = manifests;
    }

    @GET
    public Response list(@PathParam("name") String name, @PathParam("digest") String digest,
            @QueryParam("artifactType") String artifactType) throws IOException {
        Optional<String> filter = Optional.ofNullable(artifactType).filter(type -> !type.isEmpty());
        List<Descriptor> referrers = manifests.referrers(RepositoryName.parse(name), Digest.parse(digest), filter);
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Descriptor referrer : referrers) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("mediaType", referrer.mediaType());
            entry.put("digest", referrer.digest().toString());
            entry.put("size", referrer.size());
            referrer.artifactType().ifPresent(type -> entry.put("artifactType", type));
            if (!referrer.annotations().isEmpty()) {
                entry.put("annotations", referrer.annotations());
            }
            entries.add(entry);
        }
        index.put("manifests", entries);
        Response.ResponseBuilder response = Response.ok(index, MediaTypes.OCI_INDEX);
        filter.ifPresent(type -> response.header("OCI-Filters-Applied", "artifactType"));
        return response.build();
    }
}
