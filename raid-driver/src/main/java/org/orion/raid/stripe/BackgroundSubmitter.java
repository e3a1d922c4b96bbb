package org.orion.raid.stripe;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * Submits member I/O of background passes on a thread of its own, for devices that complete inside
 * {@code submit} (a zero-latency simulated disk, a file read and written through the page cache).
 * Without it the ring handler thread would do every piece's reads, its parity maths and its write
 * one after another; with one submitter for the reads and one for the writes ({@link StripeEngine})
 * the handler reconstructs and checks one piece while the next is read and the previous one is
 * written, which on two cores is what lets a rebuild approach the new member's own write speed.
 *
 * <p>Devices with their own I/O threads never come here: the engine only hands requests over after
 * one of the same kind completed inline on the handler thread. Completions run on this thread
 * (inside {@code submit}) and are published into the ring like any device thread's.
 *
 * <p>Threads: {@link #submit} is called only by the ring handler thread (single producer), the
 * queue is drained only by this writer (single consumer). Nothing is allocated per request.
 */
final class BackgroundSubmitter {
    /** How long to wait before retrying a device that answered BUSY (its completions free slots). */
    private static final long BUSY_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final IoRequest[] requests;
    private final BlockDevice[] devices;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final Refusals refusals;
    private final Thread thread;
    private volatile boolean sleeping;
    private volatile boolean closed;

    /** Where a request the device refused at once (not BUSY) goes: its completion will never run. */
    interface Refusals {
        void refused(IoRequest request, IoStatus status);
    }

    /**
     * @param threadName the thread's name
     * @param capacity   the most requests the engine can have handed over at once
     */
    BackgroundSubmitter(String threadName, int capacity, Refusals refusals) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.requests = new IoRequest[size];
        this.devices = new BlockDevice[size];
        this.mask = size - 1;
        this.refusals = refusals;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Hands {@code request} over to be submitted to {@code device}. Ring handler thread only. */
    void submit(BlockDevice device, IoRequest request) {
        long t = tail.get();
        if (t - head.get() > mask) {
            throw new IllegalStateException(thread.getName() + ": queue overflow, more than " + (mask + 1)
                    + " requests handed over");
        }
        int i = (int) t & mask;
        requests[i] = request;
        devices[i] = device;
        tail.set(t + 1);
        // Dekker with run(): the writer sets sleeping, then re-reads tail before it parks.
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /** Stops the thread after it has submitted what it was given; waits for it. */
    void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            long h = head.get();
            if (h == tail.get()) {
                if (closed) {
                    return;
                }
                sleeping = true;
                if (h == tail.get() && !closed) {
                    LockSupport.park(this);
                }
                sleeping = false;
                continue;
            }
            int i = (int) h & mask;
            IoRequest request = requests[i];
            BlockDevice device = devices[i];
            requests[i] = null;
            devices[i] = null;
            head.set(h + 1);
            submitOne(device, request);
        }
    }

    private void submitOne(BlockDevice device, IoRequest request) {
        while (true) {
            IoStatus accepted = device.submit(request);
            if (accepted == IoStatus.OK) {
                return;
            }
            if (accepted != IoStatus.BUSY) {
                refusals.refused(request, accepted);
                return;
            }
            LockSupport.parkNanos(this, BUSY_RETRY_NANOS);
        }
    }
}
