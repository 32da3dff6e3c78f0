package dev.wharf.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

@ApplicationPath("/")
public class RegistryApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(BaseResource.class);
    }
}
