package dev.wharf.api;

import dev.wharf.config.HttpConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.servlet.ServletContext;
import java.util.logging.Logger;

/**
 * At startup, compares {@code http.prefix} with the context path the container actually gave the
 * WAR. The container decides (by the WAR's file name or its context descriptor), so a mismatch
 * cannot be fixed from here, only reported where the operator looks.
 */
@ApplicationScoped
public class DeploymentCheck {
    private static final Logger LOG = Logger.getLogger(DeploymentCheck.class.getName());

    void onStartup(@Observes @Initialized(ApplicationScoped.class) ServletContext context, HttpConfig http) {
        String deployedAt = normalize(context.getContextPath());
        String configured = normalize(http.prefix());
        if (deployedAt.equals(configured)) {
            LOG.info("Wharf serves the registry API at " + deployedAt + (deployedAt.endsWith("/") ? "" : "/") + "v2/");
        } else {
            LOG.warning("http.prefix is " + configured + " but the servlet container deployed Wharf at " + deployedAt
                    + ": clients must use " + deployedAt + "; deploy the WAR under the name that gives " + configured
                    + " (ROOT.war for /), or set http.prefix to " + deployedAt);
        }
    }

    static String normalize(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "/";
        }
        String withSlash = path.startsWith("/") ? path : "/" + path;
        return withSlash.endsWith("/") ? withSlash.substring(0, withSlash.length() - 1) : withSlash;
    }
}
