/**
 * Errors as data: the one table of OCI error codes ({@link dev.wharf.error.OciErrorCode}: wire
 * code, message, HTTP status) and {@link dev.wharf.error.RegistryException}, which every layer may
 * raise. A leaf package: it imports nothing of Wharf's, so storage, proxy, upstream and api can
 * all depend on it while only api renders it.
 */
package dev.wharf.error;
