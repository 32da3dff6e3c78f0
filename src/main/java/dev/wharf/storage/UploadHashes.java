package dev.wharf.storage;

import dev.wharf.domain.DigestAlgorithm;
import dev.wharf.domain.UploadId;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running hash of each upload in progress, kept in memory between the requests of a chunked
 * upload so that each byte is hashed once, as it arrives. A state is trusted only when it covers
 * exactly the bytes in storage; after a restart, or a chunk that failed half-way, the caller
 * rehashes the stored bytes instead (streaming, never whole in memory).
 */
final class UploadHashes {

    /** A hash over the first {@code length} bytes of an upload. Guarded by its own monitor. */
    static final class State {
        DigestAlgorithm algorithm;
        MessageDigest hash;
        long length = -1;

        boolean covers(long size, DigestAlgorithm wanted) {
            return hash != null && length == size && algorithm == wanted;
        }

        void reset(DigestAlgorithm wanted) {
            algorithm = wanted;
            hash = wanted.newMessageDigest();
            length = 0;
        }

        void invalidate() {
            hash = null;
            length = -1;
        }
    }

    private final ConcurrentHashMap<UploadId, State> states = new ConcurrentHashMap<>();

    /** The state of an upload, created empty on first use; also the upload's lock. */
    State of(UploadId id) {
        return states.computeIfAbsent(id, ignored -> new State());
    }

    void forget(UploadId id) {
        states.remove(id);
    }

    /** How many uploads have a state. */
    int size() {
        return states.size();
    }
}
