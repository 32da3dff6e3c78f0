package dev.wharf.proxy;

import dev.wharf.error.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * One reader's handle on the upstream transfer of one blob, spooled to storage as it arrives.
 * Any number of readers follow the same transfer: each opens the spool and reads up to
 * {@link #readable()}; a reader that has caught up registers a listener and is called back when
 * more bytes arrive or the fill ends. A handle keeps the blob safe from the cache janitor until
 * it is {@linkplain #close() closed}, so a reader that joined just before the commit can still
 * open the committed blob.
 */
public interface Fill extends AutoCloseable {

    /** Where a fill is in its life. */
    enum Status {
        /** Waiting for the upstream's answer. */
        STARTING,
        /** Bytes are arriving; {@link #size()} is known (or -1 if the upstream sent no length). */
        STREAMING,
        /** All bytes arrived, the digest and size matched, and the blob is committed and linked. */
        COMMITTED,
        /** The upstream does not have the blob. Nothing was stored. */
        NOT_FOUND,
        /** The transfer failed (upstream refusal or error, timeout, wrong digest or size, shutdown). Nothing was stored. */
        FAILED
    }

    /** Where the fill is now. */
    Status status();

    /** The blob's size as the upstream announced it; -1 while unknown or when the upstream sent none. */
    long size();

    /** Bytes spooled so far. */
    long available();

    /**
     * How far readers may read now: everything once committed, but one byte less than spooled
     * before that. Holding back the last byte until the digest is verified means a client never
     * receives a complete body that turns out wrong; a failed fill leaves every reader short.
     * Read {@link #status()} first: once it says committed, this is final.
     */
    default long readable() {
        return status() == Status.COMMITTED ? available() : Math.max(0, available() - 1);
    }

    /**
     * Why the fill ended without a blob ({@code FAILED} or {@code NOT_FOUND}), as the error a
     * client that has received no byte yet should get; empty while the fill runs or once committed.
     */
    Optional<RegistryException> failure();

    /**
     * Opens the spooled bytes from {@code offset}. Works while streaming and after commit; read
     * at most {@code readable() - offset} bytes from it.
     */
    InputStream open(long offset) throws IOException;

    /** Calls {@code listener} (on the fill's thread: it must only signal) after each chunk and when the fill ends. */
    void addListener(Runnable listener);

    /** Stops calling {@code listener}. */
    void removeListener(Runnable listener);

    /** This reader is done: the fill goes on, but no longer keeps the blob from the janitor for it. Idempotent. */
    @Override
    void close();
}
