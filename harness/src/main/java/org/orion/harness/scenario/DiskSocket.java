package org.orion.harness.scenario;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.hw.sim.CompletionScheduler;

/**
 * The outermost wrapper of a scenario disk, between the array and the disk's fault injector: the
 * power rail and the disk's speed, which the runner changes while the array runs. The array sees
 * the disk's own name and geometry.
 *
 * <ul>
 *   <li><b>Power.</b> {@link #cutPower()} makes every new request fail with NO_DEVICE and waits for
 *       requests already inside the disk to finish, so that the power loss the runner applies next
 *       is a clean instant: nothing the array sends afterwards (its dying superblock writes, the
 *       rest of a rebuild) reaches the medium. {@link #restorePower()} lets requests through again.</li>
 *   <li><b>Slowness.</b> With {@link #slowBy(long)} every completion is delayed by that much
 *       simulated time on the controller's scheduler (the runner moves the clock).</li>
 * </ul>
 *
 * <p>Simulated disks run requests inside {@code submit} (zero latency), so "inside the disk" is
 * "inside submit", counted by {@link #active}. Delayed completions allocate a small task each: this
 * is a test rig, not the data path.
 */
final class DiskSocket extends FilterBlockDevice {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final CompletionScheduler scheduler;
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean powered = true;
    private volatile long extraNanos;
    /** Where requests go: the disk itself, then its fault injector once the faults are armed. */
    private volatile BlockDevice target;

    DiskSocket(BlockDevice disk, CompletionScheduler scheduler) {
        super(disk);
        this.scheduler = scheduler;
        this.target = disk;
    }

    /**
     * Sends requests to {@code wrapper} (which wraps the same disk) from now on. Requests already
     * inside the old path finish there; both end on the same medium.
     */
    void retarget(BlockDevice wrapper) {
        target = wrapper;
    }

    @Override
    public void close() {
        target.close();
        delegate.close();
    }

    @Override
    public IoStatus submit(IoRequest request) {
        active.incrementAndGet();
        try {
            if (!powered) {
                return IoStatus.NO_DEVICE;
            }
            long delay = extraNanos;
            if (delay <= 0) {
                return target.submit(request);
            }
            IoRequest inner = new IoRequest().set(request.op(), request.offsetBytes(), request.lengthBytes(),
                    request.buffer(), request.bufferOffset(), request.flags(), (r, status) ->
                            scheduler.schedule(new Delayed(request, status), scheduler.clock().nanoTime() + delay));
            IoStatus accepted = target.submit(inner);
            return accepted;
        } finally {
            active.decrementAndGet();
        }
    }

    /** Refuses new requests and waits until none is inside the disk. */
    void cutPower() {
        powered = false;
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (active.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000);
        }
    }

    void restorePower() {
        powered = true;
    }

    void slowBy(long nanos) {
        extraNanos = nanos;
    }

    /** Completes the array's request later; one cancelled (scheduler closed) completes as aborted. */
    private static final class Delayed implements CompletionScheduler.Task {
        private final IoRequest request;
        private final IoStatus status;

        Delayed(IoRequest request, IoStatus status) {
            this.request = request;
            this.status = status;
        }

        @Override
        public void runDue() {
            request.complete(status);
        }

        @Override
        public void cancelled() {
            request.complete(IoStatus.ABORTED);
        }
    }
}
