package dev.wharf.proxy;

import java.io.IOException;
import java.io.InputStream;

/**
 * One upstream transfer of one blob, spooled to storage as it arrives. Any number of readers
 * follow it: each opens the spool and reads up to {@link #available()}; a reader that has caught
 * up registers a listener and is called back when more bytes arrive or the fill ends.
 */
public interface Fill {

    /** Where a fill is in its life. */
    enum Status {
        /** Waiting for the upstream's answer. */
        STARTING,
        /** Bytes are arriving; {@link #size()} is known (or -1 if the upstream sent no length). */
        STREAMING,
        /** All bytes arrived, the digest matched, and the blob is committed to the store. */
        COMMITTED,
        /** The upstream does not have the blob. Nothing was stored. */
        NOT_FOUND,
        /** The transfer failed (upstream error, timeout, wrong digest or size). Nothing was stored. */
        FAILED
    }

    Status status();

    /** The blob's size as the upstream announced it; -1 while unknown. */
    long size();

    /** Bytes spooled so far. */
    long available();

    /**
     * How far readers may read now: everything once committed, but one byte less than spooled
     * before that. Holding back the last byte until the digest is verified means a client never
     * receives a complete body that turns out wrong; a failed fill leaves every reader short.
     */
    default long readable() {
        return status() == Status.COMMITTED ? available() : Math.max(0, available() - 1);
    }

    /** Why the fill failed, for logs and error details (no credentials). */
    String failure();

    /** Whether the upstream could not be reached or failed (so the error is the upstream's, not the client's). */
    boolean upstreamUnavailable();

    /**
     * Opens the spooled bytes from {@code offset} (never past {@link #available()}). Works while
     * streaming and after commit; read at most {@code available() - offset} bytes from it.
     */
    InputStream open(long offset) throws IOException;

    /** Calls {@code listener} (on the fill's thread) after each chunk arrives and when the fill ends. */
    void addListener(Runnable listener);

    void removeListener(Runnable listener);
}
