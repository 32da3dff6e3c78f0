package dev.wharf.storage;

import dev.wharf.domain.Digest;
import dev.wharf.domain.Manifest;

/**
 * A manifest as stored: its exact bytes (served unchanged), their digest, and their reading.
 */
public record StoredManifest(Digest digest, byte[] content, Manifest manifest) {}
