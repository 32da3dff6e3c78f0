package dev.wharf.proxy;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;

/** The answer to every write on a mirror. */
final class ReadOnly {
    private ReadOnly() {}

    static RegistryException refuse(String upstream, String operation) {
        return refuseBecause("this registry is a read-only mirror of " + upstream, operation
                + " is not possible here; push to the upstream registry instead");
    }

    /** Why-first refusal for a registry in maintenance read-only mode or a mirror. */
    static RegistryException refuseBecause(String why, String what) {
        return new RegistryException(OciErrorCode.UNSUPPORTED, why + ": " + what);
    }

    /** The reason a registry in maintenance mode gives. */
    static final String MAINTENANCE = "this registry is read-only for maintenance (storage.maintenance.readonly.enabled)";
}
