package org.orion.hw.linux;

import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * The bounded queue between submitters and a device's I/O threads. {@code depth} bounds the
 * requests accepted and not yet finished (queued plus executing), which is the device's queue depth:
 * when it is reached, {@link #offer} refuses with BUSY instead of blocking.
 *
 * <p>A plain monitor ({@code synchronized}, {@code wait}, {@code notify}) guards a circular array.
 * It allocates nothing per request on the Java heap (a {@code ReentrantLock} condition allocates a
 * wait node each time a thread parks), and the critical sections are a few field updates, so
 * contention on 2 cores stays small next to the system call each request makes.
 */
final class RequestRing {
    private final IoRequest[] slots;
    private final int depth;
    private int head;
    private int tail;
    private int queued;
    private int outstanding;
    private boolean closed;
    private boolean stopping;

    RequestRing(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("queue depth " + depth + " must be at least 1");
        }
        this.depth = depth;
        this.slots = new IoRequest[depth];
    }

    /** Enqueues without blocking: OK, BUSY (depth reached) or NO_DEVICE (closed). */
    synchronized IoStatus offer(IoRequest request) {
        if (closed) {
            return IoStatus.NO_DEVICE;
        }
        if (outstanding >= depth) {
            return IoStatus.BUSY;
        }
        slots[tail] = request;
        tail = tail + 1 == depth ? 0 : tail + 1;
        queued++;
        outstanding++;
        notify();
        return IoStatus.OK;
    }

    /** The next request, waiting while the ring is empty; null once the ring is stopping and empty. */
    synchronized IoRequest take() throws InterruptedException {
        while (queued == 0) {
            if (stopping) {
                return null;
            }
            wait();
        }
        IoRequest request = slots[head];
        slots[head] = null;
        head = head + 1 == depth ? 0 : head + 1;
        queued--;
        return request;
    }

    /** One taken request has finished executing (its completion runs right after, on the same thread). */
    synchronized void finished() {
        outstanding--;
        if (closed && outstanding == 0) {
            notifyAll();
        }
    }

    /** Refuses new requests, waits until every accepted one has finished, then releases idle workers. */
    synchronized void closeAndDrain() {
        closed = true;
        boolean interrupted = false;
        while (outstanding > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        stopping = true;
        notifyAll();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized int outstanding() {
        return outstanding;
    }

    int depth() {
        return depth;
    }
}
