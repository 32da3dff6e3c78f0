package dev.wharf.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /v2/}: the API version check every client makes first. */
@ApplicationScoped
@Path("/v2/")
public class BaseResource {
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response base() {
        return Response.ok("{}").build();
    }
}
