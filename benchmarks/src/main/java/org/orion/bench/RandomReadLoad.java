package org.orion.bench;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * A closed-loop 4 KiB random-read load at a fixed queue depth, timing every request from just
 * before {@code submit} to the start of its completion. One driving thread submits; completions
 * (on whatever thread the device uses) record the latency, free their slot and wake the driver, so
 * the driver's own wake-up delay lowers the offered load a little but never shows in the latencies.
 * Allocates nothing per request.
 */
final class RandomReadLoad {
    private static final int BLOCK_BYTES = 4096;
    /** The array counts clients as idle after this long without a request (StripeEngine's busy window). */
    private static final long PAUSE_NANOS = 5_000_000;

    private final BlockDevice device;
    private final int queueDepth;
    private final IoRequest[] requests;
    private final ByteBuffer[] buffers;
    private final long[] submitNanos;
    private final IoCompletion[] completions;
    private final AtomicLong freeSlots = new AtomicLong();
    private final long blocks;
    private final SplittableRandom random;
    private volatile LatencySamples samples;
    private volatile Thread driver;
    private volatile IoStatus lastError;
    private final AtomicLong completed = new AtomicLong();
    private long lastSubmitNanos;
    private long pauses;

    RandomReadLoad(BlockDevice device, int queueDepth, long seed) {
        if (queueDepth < 1 || queueDepth > 63) {
            throw new IllegalArgumentException("queue depth " + queueDepth + " must be 1..63");
        }
        this.device = device;
        this.queueDepth = queueDepth;
        this.requests = new IoRequest[queueDepth];
        this.buffers = new ByteBuffer[queueDepth];
        this.submitNanos = new long[queueDepth];
        this.completions = new IoCompletion[queueDepth];
        this.blocks = device.info().capacityBytes() / BLOCK_BYTES;
        this.random = new SplittableRandom(seed);
        for (int i = 0; i < queueDepth; i++) {
            final int slot = i;
            requests[i] = new IoRequest();
            buffers[i] = ByteBuffer.allocateDirect(BLOCK_BYTES + 4096).alignedSlice(4096);
            completions[i] = (request, status) -> completed(slot, status);
        }
        freeSlots.set((1L << queueDepth) - 1);
    }

    /**
     * Runs for {@code warmupNanos} without recording, then (after running {@code atMeasureStart})
     * for {@code measureNanos} recording into {@code into}, then waits for the requests in flight.
     *
     * @return requests completed while measuring
     */
    long run(long warmupNanos, long measureNanos, LatencySamples into, Runnable atMeasureStart) {
        driver = Thread.currentThread();
        samples = null;
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = measureFrom + measureNanos;
        long completedAtStart = -1;
        long now;
        while ((now = System.nanoTime()) < end) {
            if (samples == null && now >= measureFrom) {
                atMeasureStart.run();
                samples = into;
                pauses = 0;
                completedAtStart = completedCount();
            }
            long free = freeSlots.getAndSet(0);
            if (free == 0) {
                LockSupport.parkNanos(this, 1_000_000);
                continue;
            }
            for (long m = free; m != 0; m &= m - 1) {
                submit(Long.numberOfTrailingZeros(m));
            }
        }
        samples = null;
        long measured = completedCount() - completedAtStart;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Long.bitCount(freeSlots.get()) < queueDepth && System.nanoTime() < deadline) {
            LockSupport.parkNanos(this, 1_000_000);
        }
        if (lastError != null) {
            throw new IllegalStateException("a read failed: " + lastError);
        }
        return measured;
    }

    /**
     * Gaps of more than 5 ms between two submissions while measuring in the last {@link #run}: times
     * the array saw no client (the driving thread was not scheduled, or the collector stopped it).
     */
    long pauses() {
        return pauses;
    }

    private void submit(int slot) {
        long now = System.nanoTime();
        if (now - lastSubmitNanos > PAUSE_NANOS) {
            pauses++;
        }
        lastSubmitNanos = now;
        IoRequest r = requests[slot].set(IoOp.READ, random.nextLong(blocks) * BLOCK_BYTES, BLOCK_BYTES, buffers[slot],
                0, 0, completions[slot]);
        submitNanos[slot] = System.nanoTime();
        IoStatus accepted = device.submit(r);
        if (accepted != IoStatus.OK) {
            if (accepted != IoStatus.BUSY) {
                lastError = accepted;
            }
            release(slot);
        }
    }

    private void completed(int slot, IoStatus status) {
        long latency = System.nanoTime() - submitNanos[slot];
        LatencySamples into = samples;
        if (into != null) {
            into.record(latency);
        }
        if (status != IoStatus.OK) {
            lastError = status;
        }
        completed.incrementAndGet();
        release(slot);
        LockSupport.unpark(driver);
    }

    private long completedCount() {
        return completed.get();
    }

    private void release(int slot) {
        long bit = 1L << slot;
        long old;
        do {
            old = freeSlots.get();
        } while (!freeSlots.compareAndSet(old, old | bit));
    }
}
