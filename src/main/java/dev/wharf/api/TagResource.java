package dev.wharf.api;

import dev.wharf.domain.RepositoryName;
import dev.wharf.storage.Page;
import dev.wharf.storage.TagStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /v2/<name>/tags/list}: the repository's tags, sorted, paged with {@code n} and {@code last}. */
@ApplicationScoped
@Path("/v2/{name: .+}/tags/list")
public class TagResource {
    private final TagStore tags;
    private final Locations locations;

    @Inject
    public TagResource(TagStore tags, Locations locations) {
        this.tags = tags;
        this.locations = locations;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@PathParam("name") String name, @QueryParam("n") String n, @QueryParam("last") String last,
            @Context UriInfo request) throws IOException {
        RepositoryName repository = RepositoryName.parse(name);
        int limit = Paging.limit(n);
        Page page = tags.list(repository, last, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", repository.value());
        body.put("tags", page.items());
        return Paging.withNextLink(Response.ok(body), page, locations, request,
                "v2/" + repository.value() + "/tags/list", limit).build();
    }
}
