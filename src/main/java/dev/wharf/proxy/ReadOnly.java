package dev.wharf.proxy;

import dev.wharf.api.error.OciErrorCode;
import dev.wharf.api.error.RegistryException;

/** The answer to every write on a mirror. */
final class ReadOnly {
    private ReadOnly() {}

    static RegistryException refuse(String upstream, String operation) {
        return new RegistryException(OciErrorCode.UNSUPPORTED, "this registry is a read-only mirror of " + upstream
                + ": " + operation + " is not possible here; push to the upstream registry instead");
    }
}
