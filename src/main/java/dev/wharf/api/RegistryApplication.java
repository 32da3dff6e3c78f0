package dev.wharf.api;

import dev.wharf.api.error.InvalidValueMapper;
import dev.wharf.api.error.RegistryExceptionMapper;
import dev.wharf.api.error.RetryLaterMapper;
import dev.wharf.api.error.UnexpectedExceptionMapper;
import dev.wharf.api.error.UploadOutOfOrderMapper;
import dev.wharf.api.error.WebApplicationExceptionMapper;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.jackson.JacksonFeature;

/**
 * The JAX-RS application: every resource and provider, listed here rather than found by
 * scanning, so what the registry serves is visible in one place.
 */
@ApplicationPath("/")
public class RegistryApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                BaseResource.class,
                CatalogResource.class,
                TagResource.class,
                ManifestResource.class,
                BlobResource.class,
                UploadResource.class,
                ReferrersResource.class,
                ApiVersionFilter.class,
                JacksonFeature.class,
                RegistryExceptionMapper.class,
                UploadOutOfOrderMapper.class,
                RetryLaterMapper.class,
                InvalidValueMapper.class,
                WebApplicationExceptionMapper.class,
                UnexpectedExceptionMapper.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        // No WADL: registry clients never ask for it, and without JAXB Jersey warns at every start.
        return Map.of(ServerProperties.WADL_FEATURE_DISABLE, true);
    }
}
