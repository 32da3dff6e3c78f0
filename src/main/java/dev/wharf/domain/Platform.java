package dev.wharf.domain;

/** The {@code platform} of an index entry: enough to pick the default image for old clients. */
public record Platform(String os, String architecture) {}
