package dev.wharf.it;

import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.Distribution;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;

/**
 * Wharf (as {@code ROOT}) mirroring a distribution 2.8 that wants HTTP Basic credentials
 * (htpasswd): Wharf has {@code proxy.username}/{@code proxy.password}, its clients none.
 */
class MirrorBasicAuthIT extends MirrorClientsContract {
    private static final String USER = "mirror-basic-user-q7";
    private static final String PASSWORD = "Basic-Secret-9f3kZ";
    private static Distribution upstream;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Path work = Deployments.freshDirectory("mirror-basic-upstream");
        upstream = Distribution.builder(work.resolve("root"), work.resolve("distribution")).htpasswdUser(USER, PASSWORD).start();
        Map<String, String> jndi = Deployments.filesystem("mirror-basic", true);
        jndi.put("proxy/remoteurl", upstream.url());
        jndi.put("proxy/username", USER);
        jndi.put("proxy/password", PASSWORD);
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
        return new Upstream(upstream, USER + ":" + PASSWORD, List.of(USER + ":" + PASSWORD, PASSWORD, USER), "mirror-basic");
    }
}
