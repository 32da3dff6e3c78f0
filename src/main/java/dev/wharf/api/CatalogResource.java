package dev.wharf.api;

import dev.wharf.storage.Page;
import dev.wharf.storage.RepositoryCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.Map;

/** {@code GET /v2/_catalog}: the repositories, sorted, paged with {@code n} and {@code last}. */
@ApplicationScoped
@Path("/v2/_catalog")
public class CatalogResource {
    private final RepositoryCatalog catalog;
    private final Locations locations;

    @Inject
    public CatalogResource(RepositoryCatalog catalog, Locations locations) {
        this.catalog = catalog;
        this.locations = locations;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("n") String n, @QueryParam("last") String last, @Context UriInfo request)
            throws IOException {
        int limit = Paging.limit(n);
        Page page = catalog.list(last, limit);
        return Paging.withNextLink(Response.ok(Map.of("repositories", page.items())), page, locations, request,
                "v2/_catalog", limit).build();
    }
}
