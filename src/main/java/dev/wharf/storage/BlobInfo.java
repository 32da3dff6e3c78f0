package dev.wharf.storage;

import dev.wharf.domain.Digest;

/** A stored blob: its digest and size in bytes. */
public record BlobInfo(Digest digest, long size) {}
