package dev.wharf.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The distribution-style YAML configuration file: which one (if any) the operator named, and its
 * parsed contents.
 *
 * @param path the file, absolute
 * @param namedBy the JNDI entry, environment variable or system property that named it
 * @param overridden lower-precedence places that also named a file and were overruled, with the
 *     file each named; shown in the startup summary so nobody edits the wrong file
 */
record ConfigFile(Path path, Origin namedBy, List<String> overridden) {

    /** The JNDI entry (relative to {@code java:comp/env/registry/}) that names the file. */
    static final String JNDI_NAME = "configuration";
    /** The environment variable that names the file, as for distribution. */
    static final String ENV_NAME = "REGISTRY_CONFIGURATION_PATH";
    /** The system property that names the file. */
    static final String PROPERTY_NAME = "registry.configuration";

    // Duplicate keys are almost always a paste error; distribution's YAML library rejects them too.
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    ConfigFile {
        overridden = List.copyOf(overridden);
    }

    /**
     * Finds which file the operator named: the JNDI entry, else the environment variable, else the
     * system property. Blank values count as unset, so that {@code REGISTRY_CONFIGURATION_PATH=}
     * means "no file".
     *
     * @param problems receives a problem when the name given is not a usable path
     * @return empty when no place names a file
     */
    static Optional<ConfigFile> locate(Map<String, Object> jndi, ConfigSources sources, List<String> problems) {
        Object fromJndi = jndi.get(JNDI_NAME);
        if (fromJndi != null && !(fromJndi instanceof String)) {
            problems.add(Origin.jndi(JNDI_NAME) + " is a " + fromJndi.getClass().getName()
                    + ", but must be a String holding the path of the YAML configuration file");
        }
        Map<Origin, String> named = new LinkedHashMap<>();
        named.put(Origin.jndi(JNDI_NAME), fromJndi instanceof String s ? s : null);
        named.put(Origin.env(ENV_NAME), sources.env().get(ENV_NAME));
        named.put(Origin.systemProperty(PROPERTY_NAME), sources.systemProperties().get(PROPERTY_NAME));
        named.values().removeIf(value -> value == null || value.isBlank());
        if (named.isEmpty()) {
            return Optional.empty();
        }
        List<String> overridden = new ArrayList<>();
        named.forEach((origin, value) -> overridden.add(origin + "=" + value));
        Origin origin = named.keySet().iterator().next();
        try {
            // Relative paths resolve against the server's working directory; the summary shows the result.
            Path path = Path.of(named.get(origin).strip()).toAbsolutePath();
            return Optional.of(new ConfigFile(path, origin, overridden.subList(1, overridden.size())));
        } catch (InvalidPathException e) {
            problems.add("The configuration file \"" + named.get(origin) + "\" named by " + origin + " is not a valid path ("
                    + e.getReason() + "); set " + origin.name() + " to the path of the YAML file");
            return Optional.empty();
        }
    }

    /**
     * Reads and parses the file. An empty file is an empty configuration.
     *
     * @param problems receives a problem, naming the file and what named it, when the file is
     *     missing, unreadable, not YAML, or not a mapping at the top
     * @return the top-level mapping, or empty after adding a problem
     */
    Optional<ObjectNode> read(List<String> problems) {
        String which = "Configuration file " + path + " (named by " + namedBy + ")";
        String fix = "; fix the file, or point " + namedBy.name() + " at another one";
        try {
            if (Files.isDirectory(path)) {
                problems.add(which + " is a directory; name the YAML file itself, e.g. " + path.resolve("config.yml"));
                return Optional.empty();
            }
            JsonNode document = YAML.readTree(Files.readAllBytes(path));
            if (document == null || document.isMissingNode() || document.isNull()) {
                return Optional.of(YAML.createObjectNode());
            }
            if (document instanceof ObjectNode mapping) {
                return Optional.of(mapping);
            }
            problems.add(which + " must hold a YAML mapping (\"key: value\" lines) at the top level, but holds a "
                    + document.getNodeType().toString().toLowerCase(Locale.ROOT) + fix);
        } catch (NoSuchFileException e) {
            problems.add(which + " does not exist; create it, or change or unset " + namedBy.name());
        } catch (AccessDeniedException e) {
            problems.add(which + " cannot be read: permission denied; let the user running the server read it");
        } catch (JacksonException e) {
            // The parser's own text comes last: SnakeYAML's spans lines and points at the spot with a caret.
            String message = e.getOriginalMessage().strip();
            if (e.getLocation() != null && e.getLocation().getLineNr() > 0 && !message.contains("line ")) {
                message += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            }
            problems.add(which + " is not valid YAML" + fix + ":\n" + message);
        } catch (IOException e) {
            problems.add(which + " cannot be read: " + e + fix);
        }
        return Optional.empty();
    }
}
