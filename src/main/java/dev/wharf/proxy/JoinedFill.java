package dev.wharf.proxy;

import dev.wharf.error.RegistryException;
import dev.wharf.expiry.ActiveDigests;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** One reader's {@link Fill}: a view of the shared {@link SpooledFill} plus that reader's hold on the digest. */
final class JoinedFill implements Fill {
    private final SpooledFill fill;
    private final ActiveDigests.Hold hold;

    JoinedFill(SpooledFill fill, ActiveDigests.Hold hold) {
        this.fill = fill;
        this.hold = hold;
    }

    @Override
    public Status status() {
        return fill.status();
    }

    @Override
    public long size() {
        return fill.size();
    }

    @Override
    public long available() {
        return fill.available();
    }

    @Override
    public long readable() {
        return fill.readable();
    }

    @Override
    public Optional<RegistryException> failure() {
        return fill.failure();
    }

    @Override
    public InputStream open(long offset) throws IOException {
        return fill.open(offset);
    }

    @Override
    public void addListener(Runnable listener) {
        fill.addListener(listener);
    }

    @Override
    public void removeListener(Runnable listener) {
        fill.removeListener(listener);
    }

    @Override
    public void close() {
        hold.close();
    }

    /** The shared fill, for tests that must tell two joins apart. */
    SpooledFill shared() {
        return fill;
    }

    @Override
    public String toString() {
        return fill.toString();
    }
}
