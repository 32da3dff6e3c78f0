package dev.wharf.it;

import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.Distribution;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;

/** Wharf (as {@code ROOT}) mirroring a distribution 2.8 that needs no credentials. */
class MirrorAnonymousIT extends MirrorClientsContract {
    private static Distribution upstream;

    /** Starts the upstream before the WAR deploys: the deployment's JNDI names it. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        Path work = Deployments.freshDirectory("mirror-anonymous-upstream");
        upstream = Distribution.start(work.resolve("root"), work.resolve("distribution"));
        Map<String, String> jndi = Deployments.filesystem("mirror-anonymous", true);
        jndi.put("proxy/remoteurl", upstream.url());
        return Deployments.war("ROOT", jndi);
    }

    @AfterAll
    static void stopUpstream() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Override
    protected Upstream upstream() {
        return new Upstream(upstream, null, List.of(), "mirror-anon");
    }
}
