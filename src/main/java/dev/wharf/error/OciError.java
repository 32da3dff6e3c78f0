package dev.wharf.error;

/**
 * One entry of an OCI error body.
 *
 * @param code the table entry
 * @param detail what exactly went wrong: a string, or a small map such as {@code {"digest": …}}
 */
public record OciError(OciErrorCode code, Object detail) {}
