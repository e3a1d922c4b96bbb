package org.orion.driver.api.block;

import java.util.Objects;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * Base class for devices that wrap another device (fault injection, accounting, partitions). By
 * default every call passes straight through; subclasses override what they change. Wrapping is how
 * Orion adds behaviour without {@code if (simulated)} branches in production code.
 */
public abstract class FilterBlockDevice implements BlockDevice {
    protected final BlockDevice delegate;

    protected FilterBlockDevice(BlockDevice delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The wrapped device. */
    public BlockDevice delegate() {
        return delegate;
    }

    @Override
    public BlockDeviceInfo info() {
        return delegate.info();
    }

    @Override
    public IoStatus submit(IoRequest request) {
        return delegate.submit(request);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
