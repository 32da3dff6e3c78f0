package dev.wharf.it;

import static dev.wharf.it.support.RegistryClient.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.it.support.Content;
import dev.wharf.it.support.Deployments;
import dev.wharf.it.support.RegistryClient;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * distribution's maintenance settings on a deployed WAR: read-only mode refuses every write while
 * serving what is there, upload purging removes abandoned uploads on its timer, and an undeploy
 * leaves no thread of Wharf's running (Tomcat reports any it finds).
 */
@ExtendWith(ArquillianExtension.class)
class MaintenanceIT {
    private static final Map<String, String> WRITABLE = Deployments.filesystem("maintenance", true);

    @Deployment(name = "writable", testable = false)
    static WebArchive writable() {
        Map<String, String> jndi = new java.util.LinkedHashMap<>(WRITABLE);
        jndi.put("storage/maintenance/uploadpurging/age", "2s");
        jndi.put("storage/maintenance/uploadpurging/interval", "1s");
        return Deployments.war("maintenance-rw", jndi);
    }

    @Deployment(name = "readonly", testable = false)
    static WebArchive readOnly() {
        Map<String, String> jndi = new java.util.LinkedHashMap<>();
        jndi.put("storage/filesystem/rootdirectory", WRITABLE.get("storage/filesystem/rootdirectory"));
        jndi.put("storage/delete/enabled", "true");
        jndi.put("storage/maintenance/readonly/enabled", "true");
        return Deployments.war("maintenance-ro", jndi);
    }

    @Deployment(name = "lifecycle", managed = false, testable = false)
    static WebArchive lifecycle() {
        Map<String, String> jndi = new java.util.LinkedHashMap<>(Deployments.filesystem("lifecycle", false));
        // A mirror of nothing reachable: its fill threads start and fail fast.
        jndi.put("proxy/remoteurl", "http://127.0.0.1:9");
        jndi.put("proxy/upstreamtimeout", "2s");
        return Deployments.war("maintenance-lifecycle", jndi);
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void readOnlyServesButRefusesWrites(@ArquillianResource @OperateOnDeployment("writable") URL writableUrl,
            @ArquillianResource @OperateOnDeployment("readonly") URL readOnlyUrl) {
        RegistryClient writable = new RegistryClient(writableUrl);
        RegistryClient readOnly = new RegistryClient(readOnlyUrl);
        byte[] layer = Content.random(10_000, 7);
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        String layerDigest = writable.pushBlob("ro/app", layer);
        String configDigest = writable.pushBlob("ro/app", config);
        byte[] manifest = Content.imageManifest(Content.OCI_MANIFEST, configDigest, config.length,
                List.<String[]>of(new String[] {layerDigest, Integer.toString(layer.length)}));
        writable.pushManifest("ro/app", "v1", Content.OCI_MANIFEST, manifest);

        assertArrayEquals(manifest, readOnly.get("v2/ro/app/manifests/v1", "Accept", Content.OCI_MANIFEST).body());
        assertArrayEquals(layer, readOnly.get("v2/ro/app/blobs/" + layerDigest).body());

        assertError(readOnly.send("POST", "v2/ro/app/blobs/uploads/", null), 405, "UNSUPPORTED");
        assertError(readOnly.send("POST", "v2/ro/app/blobs/uploads/?digest=" + Content.sha256(layer), layer), 405, "UNSUPPORTED");
        assertError(readOnly.send("PUT", "v2/ro/app/manifests/v2", manifest, "Content-Type", Content.OCI_MANIFEST), 405, "UNSUPPORTED");
        assertError(readOnly.delete("v2/ro/app/manifests/v1"), 405, "UNSUPPORTED");
        assertError(readOnly.delete("v2/ro/app/blobs/" + layerDigest), 405, "UNSUPPORTED");
        assertError(readOnly.send("POST", "v2/other/blobs/uploads/?mount=" + layerDigest + "&from=ro/app", null), 405, "UNSUPPORTED");
        assertEquals(200, readOnly.get("v2/ro/app/manifests/v1", "Accept", Content.OCI_MANIFEST).statusCode());
    }

    @Test
    void abandonedUploadsArePurged(@ArquillianResource @OperateOnDeployment("writable") URL writableUrl) throws Exception {
        RegistryClient registry = new RegistryClient(writableUrl);
        HttpResponse<byte[]> started = registry.send("POST", "v2/purge/app/blobs/uploads/", null);
        assertEquals(202, started.statusCode());
        String location = RegistryClient.header(started, "Location");
        assertEquals(204, registry.get(location).statusCode());

        long deadline = System.currentTimeMillis() + 20_000;
        int status = 204;
        while (status == 204 && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            status = registry.get(location).statusCode();
        }
        assertError(registry.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void undeployLeavesNoThreadRunning() throws Exception {
        Path logs = Path.of(System.getProperty("catalina.home.it"), "logs");
        // Only what this test's deployment makes Tomcat log counts: earlier runs wrote there too.
        Map<Path, Long> before = new java.util.HashMap<>();
        try (Stream<Path> files = Files.list(logs)) {
            files.forEach(path -> before.put(path, path.toFile().length()));
        }
        deployer.deploy("lifecycle");
        RegistryClient mirror = new RegistryClient(new URL("http://localhost:" + System.getProperty("it.http.port", "18080")
                + "/maintenance-lifecycle/"));
        // Start the mirror's fill threads and its upstream client.
        HttpResponse<byte[]> miss = mirror.get("v2/any/blobs/sha256:" + "1".repeat(64));
        assertEquals(503, miss.statusCode(), RegistryClient.text(miss));
        deployer.undeploy("lifecycle");
        Thread.sleep(1000); // Tomcat's log handler writes asynchronously

        String leaks;
        try (Stream<Path> files = Files.list(logs)) {
            leaks = files.filter(path -> path.getFileName().toString().startsWith("catalina"))
                    .map(path -> readFrom(path, before.getOrDefault(path, 0L)))
                    .flatMap(String::lines)
                    .filter(line -> line.contains("maintenance-lifecycle") && line.contains("failed to stop it"))
                    .reduce("", (a, b) -> a + b + "\n");
        }
        assertTrue(leaks.isEmpty(), "threads left running after undeploy:\n" + leaks);
    }

    private static String readFrom(Path path, long offset) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(path.toFile(), "r")) {
            long length = file.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) (length - offset)];
            file.seek(offset);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

}
