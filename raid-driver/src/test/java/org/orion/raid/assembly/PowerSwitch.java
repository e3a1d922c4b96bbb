package org.orion.raid.assembly;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.hw.sim.SimDisk;

/**
 * The power of a set of simulated disks, for power-cut tests. Devices are used through
 * {@link #plug}s; {@link #cut()} (or a request {@link #cutBefore} picks) turns every plug off at
 * once, waits for requests already inside a plug, then drops the disks' unflushed writes
 * ({@link SimDisk#powerLoss()}). From then on the plugs refuse everything, so whatever the array
 * that was running still tries lands nowhere: the disks hold exactly what a power cut at that
 * moment leaves. A new switch over the same disks is the power coming back.
 *
 * <p>Needs disks that complete inside {@code submit} (zero latency): then a request that got into
 * a plug has moved its data when it leaves.
 */
final class PowerSwitch {
    private final List<SimDisk> disks;
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean off;
    private volatile BiPredicate<BlockDevice, IoRequest> cutBefore = (device, request) -> false;

    PowerSwitch(List<SimDisk> disks) {
        this.disks = List.copyOf(disks);
    }

    /** {@code device} behind this switch. */
    BlockDevice plug(BlockDevice device) {
        return new Plug(device);
    }

    /** The power goes off just before the first request for which {@code when} is true (that request is lost). */
    void cutBefore(BiPredicate<BlockDevice, IoRequest> when) {
        this.cutBefore = when;
    }

    boolean isOff() {
        return off;
    }

    /** Cuts the power now. */
    void cut() {
        cut(0);
    }

    private synchronized void cut(int callerInside) {
        if (off) {
            return;
        }
        off = true;
        while (inside.get() > callerInside) {
            Thread.onSpinWait();
        }
        disks.forEach(SimDisk::powerLoss);
    }

    private final class Plug extends FilterBlockDevice {
        Plug(BlockDevice delegate) {
            super(delegate);
        }

        @Override
        public IoStatus submit(IoRequest request) {
            inside.incrementAndGet();
            try {
                if (!off && cutBefore.test(delegate, request)) {
                    cut(1);
                }
                return off ? IoStatus.NO_DEVICE : delegate.submit(request);
            } finally {
                inside.decrementAndGet();
            }
        }

        @Override
        public void close() {
            // The disks belong to the test: a new switch plugs them in again.
        }
    }
}
