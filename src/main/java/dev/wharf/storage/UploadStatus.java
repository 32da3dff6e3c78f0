package dev.wharf.storage;

import dev.wharf.domain.UploadId;

/** An upload in progress: its id and how many bytes it holds. */
public record UploadStatus(UploadId id, long size) {}
