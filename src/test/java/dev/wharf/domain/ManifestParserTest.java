package dev.wharf.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
    private static final String D1 = "sha256:" + "1".repeat(64);
    private static final String D2 = "sha256:" + "2".repeat(64);

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String image(String mediaTypeField) {
        return "{\"schemaVersion\":2," + mediaTypeField + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"" + D1 + "\",\"size\":10},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"" + D2 + "\",\"size\":20}]}";
    }

    @Test
    void readsOciImageManifest() {
        Manifest manifest = ManifestParser.parse(bytes(image("\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",")), MediaTypes.OCI_MANIFEST);
        assertEquals(MediaTypes.OCI_MANIFEST, manifest.mediaType());
        assertEquals(2, manifest.blobs().size());
        assertEquals(D2, manifest.blobs().get(1).digest().toString());
        assertEquals("application/vnd.oci.image.config.v1+json", manifest.effectiveArtifactType().orElseThrow());
    }

    @Test
    void infersOciTypeWithoutMediaTypeField() {
        assertEquals(MediaTypes.OCI_MANIFEST, ManifestParser.parse(bytes(image("")), null).mediaType());
        assertEquals(MediaTypes.DOCKER_MANIFEST, ManifestParser.parse(bytes(image("")), MediaTypes.DOCKER_MANIFEST).mediaType());
    }

    @Test
    void readsIndexWithPlatformsAndSubject() {
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D1 + "\",\"size\":5,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\"}}],"
                + "\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D2 + "\",\"size\":7}}";
        Manifest manifest = ManifestParser.parse(bytes(index), MediaTypes.OCI_INDEX);
        assertTrue(manifest.isIndex());
        assertEquals("arm64", manifest.children().get(0).platform().orElseThrow().architecture());
        assertEquals(D2, manifest.subject().orElseThrow().digest().toString());
    }

    @Test
    void rejectsSchema1() {
        String schema1 = "{\"schemaVersion\":1,\"name\":\"a\",\"tag\":\"b\",\"fsLayers\":[]}";
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> ManifestParser.parse(bytes(schema1), MediaTypes.DOCKER_SCHEMA1_SIGNED));
        assertEquals(InvalidValueException.Kind.MANIFEST, e.kind());
        assertTrue(e.getMessage().contains("schema1"));
    }

    @Test
    void rejectsMalformedJsonAndShapes() {
        for (String bad : new String[] {"", "not json", "[]", "{\"schemaVersion\":2}", "{\"schemaVersion\":3,\"config\":{}}",
                "{\"schemaVersion\":2,\"mediaType\":\"text/plain\",\"config\":{}}",
                image("").replace("\"size\":20", "\"size\":-1"), image("").replace("\"size\":20", "\"size\":\"20\""),
                image("").replace("\"layers\":", "\"layers\":{},\"x\":"), "{\"schemaVersion\":2,\"schemaVersion\":2}"}) {
            InvalidValueException e = assertThrows(InvalidValueException.class, () -> ManifestParser.parse(bytes(bad), null), bad);
            assertEquals(InvalidValueException.Kind.MANIFEST, e.kind(), bad);
        }
    }

    @Test
    void rejectsContentTypeThatContradictsBody() {
        byte[] oci = bytes(image("\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","));
        assertThrows(InvalidValueException.class, () -> ManifestParser.parse(oci, MediaTypes.DOCKER_MANIFEST));
        assertEquals(MediaTypes.OCI_MANIFEST, ManifestParser.parse(oci, "application/json").mediaType());
    }

    @Test
    void badDescriptorDigestIsDigestError() {
        byte[] bad = bytes(image("").replace(D2, "sha256:abc"));
        assertEquals(InvalidValueException.Kind.DIGEST, assertThrows(InvalidValueException.class, () -> ManifestParser.parse(bad, null)).kind());
    }
}
