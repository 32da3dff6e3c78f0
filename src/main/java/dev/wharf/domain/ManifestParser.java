package dev.wharf.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the four manifest types Wharf serves (OCI image manifest and index, Docker schema2
 * manifest and manifest list) and rejects everything else, schema1 included, with a message
 * that says what was wrong.
 */
public final class ManifestParser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ManifestParser() {}

    /**
     * Parses a manifest.
     *
     * @param content the manifest's bytes
     * @param contentType the {@code Content-Type} it was pushed with; may be null or generic
     * @throws InvalidValueException of kind MANIFEST (or DIGEST for a malformed descriptor digest)
     */
    public static Manifest parse(byte[] content, String contentType) {
        JsonNode root = readTree(content);
        int schemaVersion = root.path("schemaVersion").asInt(-1);
        String declared = text(root, "mediaType").orElse(null);
        String headerType = MediaTypes.essence(contentType);
        if (schemaVersion == 1 || MediaTypes.DOCKER_SCHEMA1.equals(declared) || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(declared)
                || MediaTypes.DOCKER_SCHEMA1.equals(headerType) || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(headerType)) {
            throw invalid("Docker schema1 manifests are not supported: push the image as Docker schema2 or OCI");
        }
        if (schemaVersion != 2) {
            throw invalid("schemaVersion must be 2");
        }
        String mediaType = mediaType(root, declared, headerType);
        List<Descriptor> blobs = new ArrayList<>();
        List<Descriptor> children = new ArrayList<>();
        Optional<String> configMediaType = Optional.empty();
        if (MediaTypes.INDEXES.contains(mediaType)) {
            JsonNode manifests = root.get("manifests");
            if (manifests == null || !manifests.isArray()) {
                throw invalid("an index needs a 'manifests' array");
            }
            for (JsonNode entry : manifests) {
                children.add(descriptor(entry, "manifests[]"));
            }
        } else {
            JsonNode config = root.get("config");
            if (config == null || !config.isObject()) {
                throw invalid("an image manifest needs a 'config' descriptor");
            }
            Descriptor configDescriptor = descriptor(config, "config");
            configMediaType = Optional.of(configDescriptor.mediaType());
            blobs.add(configDescriptor);
            JsonNode layers = root.get("layers");
            if (layers == null || !layers.isArray()) {
                throw invalid("an image manifest needs a 'layers' array");
            }
            for (JsonNode layer : layers) {
                blobs.add(descriptor(layer, "layers[]"));
            }
        }
        Optional<Descriptor> subject = Optional.empty();
        JsonNode subjectNode = root.get("subject");
        if (subjectNode != null && !subjectNode.isNull()) {
            subject = Optional.of(descriptor(subjectNode, "subject"));
        }
        return new Manifest(mediaType, blobs, children, subject, text(root, "artifactType"), configMediaType,
                annotations(root.get("annotations")));
    }

    private static JsonNode readTree(byte[] content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw invalid("manifest is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("manifest could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("manifest must be a JSON object");
        }
        return root;
    }

    private static String mediaType(JsonNode root, String declared, String headerType) {
        if (declared != null) {
            if (!MediaTypes.MANIFESTS.contains(declared)) {
                throw invalid("unsupported manifest mediaType '" + declared + "'");
            }
            if (MediaTypes.MANIFESTS.contains(headerType) && !headerType.equals(declared)) {
                throw invalid("Content-Type '" + headerType + "' does not match the manifest's mediaType '" + declared + "'");
            }
            return declared;
        }
        if (MediaTypes.MANIFESTS.contains(headerType)) {
            return headerType;
        }
        // OCI manifests may omit mediaType; their shape says which they are.
        if (root.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (root.has("config")) {
            return MediaTypes.OCI_MANIFEST;
        }
        throw invalid("cannot tell the manifest type: no mediaType field, no manifest Content-Type, "
                + "and neither 'config' nor 'manifests'");
    }

    private static Descriptor descriptor(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw invalid(where + " must be a descriptor object");
        }
        String mediaType = text(node, "mediaType").orElseThrow(() -> invalid(where + " has no mediaType"));
        String digest = text(node, "digest").orElseThrow(() -> invalid(where + " has no digest"));
        JsonNode size = node.get("size");
        if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
            throw invalid(where + " needs a non-negative integer size");
        }
        List<String> urls = new ArrayList<>();
        JsonNode urlNodes = node.get("urls");
        if (urlNodes != null && urlNodes.isArray()) {
            urlNodes.forEach(url -> urls.add(url.asText()));
        }
        Optional<Platform> platform = Optional.empty();
        JsonNode platformNode = node.get("platform");
        if (platformNode != null && platformNode.isObject()) {
            platform = Optional.of(new Platform(platformNode.path("os").asText(""), platformNode.path("architecture").asText("")));
        }
        return new Descriptor(mediaType, Digest.parse(digest), size.asLong(), text(node, "artifactType"),
                annotations(node.get("annotations")), urls, platform);
    }

    private static Map<String, String> annotations(JsonNode node) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                annotations.put(field.getKey(), field.getValue().asText());
            }
        }
        return annotations;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static InvalidValueException invalid(String message) {
        return new InvalidValueException(InvalidValueException.Kind.MANIFEST, message);
    }
}
