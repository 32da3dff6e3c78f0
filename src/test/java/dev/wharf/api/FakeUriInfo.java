package dev.wharf.api;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;

/** A request seen only through its base URI (scheme, authority, context path), which is all Locations reads. */
public final class FakeUriInfo implements UriInfo {
    private final URI base;

    public FakeUriInfo(URI base) {
        this.base = base;
    }

    @Override
    public URI getBaseUri() {
        return base;
    }

    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("not part of this fake");
    }

    @Override
    public String getPath() {
        throw unused();
    }

    @Override
    public String getPath(boolean decode) {
        throw unused();
    }

    @Override
    public List<PathSegment> getPathSegments() {
        throw unused();
    }

    @Override
    public List<PathSegment> getPathSegments(boolean decode) {
        throw unused();
    }

    @Override
    public URI getRequestUri() {
        throw unused();
    }

    @Override
    public UriBuilder getRequestUriBuilder() {
        throw unused();
    }

    @Override
    public URI getAbsolutePath() {
        throw unused();
    }

    @Override
    public UriBuilder getAbsolutePathBuilder() {
        throw unused();
    }

    @Override
    public UriBuilder getBaseUriBuilder() {
        throw unused();
    }

    @Override
    public MultivaluedMap<String, String> getPathParameters() {
        throw unused();
    }

    @Override
    public MultivaluedMap<String, String> getPathParameters(boolean decode) {
        throw unused();
    }

    @Override
    public MultivaluedMap<String, String> getQueryParameters() {
        throw unused();
    }

    @Override
    public MultivaluedMap<String, String> getQueryParameters(boolean decode) {
        throw unused();
    }

    @Override
    public List<String> getMatchedURIs() {
        throw unused();
    }

    @Override
    public List<String> getMatchedURIs(boolean decode) {
        throw unused();
    }

    @Override
    public List<Object> getMatchedResources() {
        throw unused();
    }

    @Override
    public URI resolve(URI uri) {
        throw unused();
    }

    @Override
    public URI relativize(URI uri) {
        throw unused();
    }
}
