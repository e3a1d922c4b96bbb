package org.orion.harness.nbd;

import java.util.concurrent.TimeUnit;

/**
 * The fixed set of {@link Exchange}s of one connection: its limit on requests in flight. The
 * reader takes one per request header and waits when all are in use, which stops it reading the
 * socket: back-pressure on the client. The loop gives each back after its reply was written.
 *
 * <p>Threads: reader takes, loop gives; both briefly hold this object's monitor. Allocation-free.
 */
final class ExchangePool {
    private final Exchange[] free;
    private int freeCount;
    private boolean closed;

    ExchangePool(int size, ConnectionLoop loop) {
        free = new Exchange[size];
        for (int i = 0; i < size; i++) {
            free[i] = new Exchange(loop);
        }
        freeCount = size;
    }

    int size() {
        return free.length;
    }

    /** A free exchange, waiting for one if all are in flight; null once closed. */
    synchronized Exchange take() {
        while (freeCount == 0 && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return closed ? null : free[--freeCount];
    }

    synchronized void give(Exchange exchange) {
        free[freeCount++] = exchange;
        notifyAll();
    }

    /** Number of exchanges in flight. */
    synchronized int inFlight() {
        return free.length - freeCount;
    }

    /** Makes {@link #take} return null from now on; exchanges in flight still come back. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Waits until every exchange is back; false on timeout. */
    synchronized boolean awaitAllReturned(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (freeCount < free.length) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
