package dev.wharf.it.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.spi.event.container.AfterStart;
import org.jboss.arquillian.container.spi.event.container.AfterStop;
import org.jboss.arquillian.container.spi.event.container.BeforeStart;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Records the Tomcat that Arquillian's managed adapter starts (a child of this JVM running
 * {@code Bootstrap} with {@code catalina.base} under this project's {@code target/}) in
 * {@link OwnProcesses}, and before starting one stops what an interrupted earlier run recorded,
 * which would otherwise hold the test ports. Registered in
 * {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}.
 */
public final class TomcatProcesses implements LoadableExtension {
    private static final String NAME = "tomcat";
    private static final String BOOTSTRAP = "org.apache.catalina.startup.Bootstrap";

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Observer.class);
    }

    /** Arquillian's observer of container start and stop. */
    public static final class Observer {
        private volatile ProcessHandle started;

        public void stopLeftovers(@Observes BeforeStart event) {
            List<Long> stopped = OwnProcesses.stopLeftovers();
            if (!stopped.isEmpty()) {
                System.err.println("stopped processes an interrupted integration-test run left: " + stopped);
            }
        }

        public void record(@Observes AfterStart event) {
            String marker = "-Dcatalina.base=" + catalinaBase();
            List<ProcessHandle> tomcats = ProcessHandle.current().descendants()
                    .filter(process -> OwnProcesses.cmdline(process.pid())
                            .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                            .filter(cmdline -> cmdline.contains(BOOTSTRAP) && cmdline.contains(marker + "\0"))
                            .isPresent())
                    .toList();
            if (tomcats.size() != 1) {
                throw new IllegalStateException("expected one Tomcat started by this JVM with " + marker + ", found " + tomcats
                        + ": its PID cannot be recorded for cleanup");
            }
            started = tomcats.get(0);
            OwnProcesses.record(NAME, started, marker);
        }

        public void forget(@Observes AfterStop event) {
            ProcessHandle tomcat = started;
            if (tomcat != null) {
                OwnProcesses.forget(NAME, tomcat.pid());
                started = null;
            }
        }

        private static String catalinaBase() {
            String base = System.getProperty("catalina.home.it");
            if (base == null) {
                throw new IllegalStateException("catalina.home.it is not set: run the integration tests with mvn verify");
            }
            return Path.of(base).toAbsolutePath().normalize().toString();
        }
    }
}
