package dev.wharf.error;

/**
 * The one table of registry errors: wire code, message and HTTP status, after the OCI
 * distribution spec and distribution's {@code registry/api/errcode/register.go}. A few entries
 * share a wire code and differ in status, where the spec asks for a status that the code's usual
 * one does not give (a manifest over the size limit is {@code MANIFEST_INVALID} with 413).
 */
public enum OciErrorCode {
    BLOB_UNKNOWN("BLOB_UNKNOWN", "blob unknown to registry", 404),
    BLOB_UPLOAD_INVALID("BLOB_UPLOAD_INVALID", "blob upload invalid", 400),
    BLOB_UPLOAD_RANGE_INVALID("BLOB_UPLOAD_INVALID", "blob upload chunk out of order or malformed Content-Range", 416),
    BLOB_UPLOAD_UNKNOWN("BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", 404),
    DIGEST_INVALID("DIGEST_INVALID", "provided digest did not match uploaded content", 400),
    MANIFEST_BLOB_UNKNOWN("MANIFEST_BLOB_UNKNOWN", "manifest references a manifest or blob unknown to registry", 400),
    MANIFEST_INVALID("MANIFEST_INVALID", "manifest invalid", 400),
    MANIFEST_TOO_LARGE("MANIFEST_INVALID", "manifest exceeds the size limit", 413),
    MANIFEST_UNKNOWN("MANIFEST_UNKNOWN", "manifest unknown to registry", 404),
    NAME_INVALID("NAME_INVALID", "invalid repository name", 400),
    NAME_UNKNOWN("NAME_UNKNOWN", "repository name not known to registry", 404),
    SIZE_INVALID("SIZE_INVALID", "provided length did not match content length", 400),
    TAG_INVALID("TAG_INVALID", "manifest tag did not match URI", 400),
    PAGINATION_NUMBER_INVALID("PAGINATION_NUMBER_INVALID", "invalid number of results requested", 400),
    RANGE_NOT_SATISFIABLE("RANGE_INVALID", "requested range not satisfiable", 416),
    UNAUTHORIZED("UNAUTHORIZED", "authentication required", 401),
    DENIED("DENIED", "requested access to the resource is denied", 403),
    UNSUPPORTED("UNSUPPORTED", "the operation is unsupported", 405),
    ROUTE_UNKNOWN("UNSUPPORTED", "no such API route", 404),
    NOT_ACCEPTABLE("UNSUPPORTED", "no representation matches the Accept header", 406),
    UNSUPPORTED_MEDIA_TYPE("UNSUPPORTED", "unsupported Content-Type", 415),
    TOOMANYREQUESTS("TOOMANYREQUESTS", "too many requests", 429),
    UNKNOWN("UNKNOWN", "unknown error", 500),
    UNAVAILABLE("UNAVAILABLE", "service unavailable", 503);

    private final String code;
    private final String message;
    private final int status;

    OciErrorCode(String code, String message, int status) {
        this.code = code;
        this.message = message;
        this.status = status;
    }

    /** The code in the error body, such as {@code BLOB_UNKNOWN}. */
    public String code() {
        return code;
    }

    /** The human message in the error body. */
    public String message() {
        return message;
    }

    /** The HTTP status of a response carrying this error. */
    public int status() {
        return status;
    }
}
