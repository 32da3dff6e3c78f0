package dev.wharf.app;

import dev.wharf.proxy.ColdBlobs;

/**
 * One way of putting Wharf together from its configuration: a private registry
 * ({@link RegistryAssembly}) or a mirror ({@link MirrorAssembly}). An assembly owns everything it
 * built — threads, connections, the cache index — from {@link #start()} to {@link #stop()}.
 */
interface Assembly {

    /** The stores the API serves. */
    ServedStores stores();

    /** The mirror's cold blob path, or {@link ColdBlobs#none()} for a private registry. */
    ColdBlobs coldBlobs();

    /** Starts background work; called once, when the application has started. */
    void start();

    /**
     * Releases everything, in an order that lets nothing run against what is already closed;
     * called once, on undeploy.
     */
    void stop();
}
