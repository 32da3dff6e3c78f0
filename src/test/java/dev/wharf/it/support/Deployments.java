package dev.wharf.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The real {@code target/wharf.war}, configured the way an operator configures it on Tomcat:
 * JNDI environment entries in a {@code META-INF/context.xml}. Each test class deploys its own
 * copy under its own context path with its own data directory.
 */
public final class Deployments {
    private Deployments() {}

    /** The WAR as built, deployed at {@code /<contextName>}, with {@code registry/...} JNDI entries. */
    public static WebArchive war(String contextName, Map<String, String> jndi) {
        File war = new File(System.getProperty("wharf.war", "target/wharf.war"));
        WebArchive archive = ShrinkWrap.createFromZipFile(WebArchive.class, war);
        WebArchive renamed = ShrinkWrap.create(WebArchive.class, contextName + ".war").merge(archive);
        StringBuilder context = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Context>\n");
        // The context path the container gives this archive, so Wharf does not warn of a mismatch.
        Map<String, String> entries = new LinkedHashMap<>(jndi);
        entries.putIfAbsent("http/prefix", contextName.equals("ROOT") ? "/" : "/" + contextName);
        entries.forEach((key, value) -> context.append("  <Environment name=\"registry/").append(key)
                .append("\" value=\"").append(value).append("\" type=\"java.lang.String\" override=\"false\"/>\n"));
        context.append("</Context>\n");
        return renamed.addAsManifestResource(new StringAsset(context.toString()), "context.xml");
    }

    /** JNDI entries for filesystem storage in a fresh directory under target/, deletes enabled. */
    public static Map<String, String> filesystem(String name, boolean deleteEnabled) {
        Map<String, String> jndi = new LinkedHashMap<>();
        jndi.put("storage/filesystem/rootdirectory", freshDirectory(name).toString());
        jndi.put("storage/delete/enabled", Boolean.toString(deleteEnabled));
        return jndi;
    }

    /** A new empty directory under {@code target/it-data/<launch>/<name>}. */
    public static Path freshDirectory(String name) {
        Path directory = Path.of("target", "it-data", System.getProperty("arquillian.launch", "default"), name)
                .toAbsolutePath();
        try {
            if (Files.exists(directory)) {
                try (var paths = Files.walk(directory)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return directory;
    }
}
