package org.orion.harness.nbd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/** Small hand-written device wrappers that make the server's device-facing behaviour visible. */
final class TestFilters {
    private TestFilters() {
    }

    /** What one submitted request looked like. */
    record Seen(IoOp op, long offsetBytes, int lengthBytes, int flags) {
    }

    /** Records every request it passes on. */
    static final class Recording extends FilterBlockDevice {
        final List<Seen> seen = new CopyOnWriteArrayList<>();

        Recording(BlockDevice delegate) {
            super(delegate);
        }

        @Override
        public IoStatus submit(IoRequest request) {
            seen.add(new Seen(request.op(), request.offsetBytes(), request.lengthBytes(), request.flags()));
            return delegate.submit(request);
        }
    }

    /** Refuses every other submit with BUSY, as a full queue would. */
    static final class BusyEveryOther extends FilterBlockDevice {
        final AtomicInteger refusals = new AtomicInteger();
        private final AtomicInteger calls = new AtomicInteger();

        BusyEveryOther(BlockDevice delegate) {
            super(delegate);
        }

        @Override
        public IoStatus submit(IoRequest request) {
            if ((calls.incrementAndGet() & 1) == 1) {
                refusals.incrementAndGet();
                return IoStatus.BUSY;
            }
            return delegate.submit(request);
        }
    }

    /** Completes READs that touch {@code badOffsetBytes} with a media error. */
    static final class BadSector extends FilterBlockDevice {
        private final long badOffsetBytes;

        BadSector(BlockDevice delegate, long badOffsetBytes) {
            super(delegate);
            this.badOffsetBytes = badOffsetBytes;
        }

        @Override
        public IoStatus submit(IoRequest request) {
            if (request.op() == IoOp.READ && request.offsetBytes() <= badOffsetBytes
                    && badOffsetBytes < request.endBytes()) {
                request.complete(IoStatus.MEDIA_ERROR);
                return IoStatus.OK;
            }
            return delegate.submit(request);
        }
    }

    /** Says it has no native WRITE_ZEROES (so FAST_ZERO must fail fast). */
    static final class EmulatedZeroes extends FilterBlockDevice {
        EmulatedZeroes(BlockDevice delegate) {
            super(delegate);
        }

        @Override
        public BlockDeviceInfo info() {
            BlockDeviceInfo i = delegate.info();
            return new BlockDeviceInfo(i.name(), i.logicalBlockBytes(), i.physicalBlockBytes(), i.capacityBytes(),
                    i.maxTransferBytes(), i.volatileCache(), i.supportsDiscard(), false);
        }
    }

    /** Holds completions of writes while closed, releasing them all when opened. */
    static final class Gate extends FilterBlockDevice {
        private final List<Runnable> held = new ArrayList<>();
        private boolean open = true;

        Gate(BlockDevice delegate) {
            super(delegate);
        }

        synchronized void close(boolean closed) {
            open = !closed;
            if (open) {
                held.forEach(Runnable::run);
                held.clear();
            }
        }

        synchronized int heldCount() {
            return held.size();
        }

        @Override
        public IoStatus submit(IoRequest request) {
            if (request.op() != IoOp.WRITE) {
                return delegate.submit(request);
            }
            IoCompletion original = request.completion();
            request.completion((r, status) -> {
                synchronized (Gate.this) {
                    if (!open) {
                        held.add(() -> original.onComplete(r, status));
                        return;
                    }
                }
                original.onComplete(r, status);
            });
            return delegate.submit(request);
        }
    }
}
