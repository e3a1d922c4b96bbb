package org.orion.harness.nbd;

import java.util.ArrayList;

/**
 * Write-range locks of one device, shared by every connection and export that serves it.
 *
 * <p>Why they exist: the server advertises a minimum block of 1 byte and turns a write that does not
 * cover whole device blocks into read-modify-write of the edge blocks. Two such writes to
 * different bytes of the same block must not both read the old block and then write it back, or
 * one of them is lost; and a plain write into that block between the read and the write-back
 * would be reverted after it was acknowledged. So a read-modify-write holds its block range
 * <em>exclusively</em>, and every other modifying request holds its (block-aligned) range
 * <em>shared</em>: shared holders may overlap each other (NBD leaves overlapping in-flight writes
 * unordered), an exclusive holder overlaps nobody. Reads take no lock: a read-modify-write only
 * writes back bytes it read, so a concurrent reader sees old or new bytes, never foreign ones.
 *
 * <p>Fairness: a request also waits behind an earlier <em>waiting</em> request it conflicts with,
 * so a stream of plain writes cannot starve a read-modify-write.
 *
 * <p>Threads: any thread (readers acquire, connection loops release). Granting runs the waiter's
 * {@link Exchange#lockGranted()} under this object's monitor; that only queues the exchange on its
 * own connection, which never calls back in here, so there is no lock-order cycle. Allocation-free
 * once the lists have grown to the largest number of writes in flight.
 */
final class RangeLocks {
    private final ArrayList<Exchange> held = new ArrayList<>();
    private final ArrayList<Exchange> waiting = new ArrayList<>();

    /**
     * Takes the range of {@code exchange} ({@link Exchange#lockStartBytes} to
     * {@link Exchange#lockEndBytes}, shared or exclusive).
     *
     * @return true if granted now; false if queued, in which case {@link Exchange#lockGranted()}
     *         runs later on another thread and the caller must no longer touch the exchange
     */
    synchronized boolean acquire(Exchange exchange) {
        if (conflicts(exchange, held, held.size()) || conflicts(exchange, waiting, waiting.size())) {
            waiting.add(exchange);
            return false;
        }
        held.add(exchange);
        return true;
    }

    /** Gives the range of {@code exchange} back and grants what has become free, oldest first. */
    synchronized void release(Exchange exchange) {
        if (!held.remove(exchange)) {
            throw new IllegalStateException("released a range that was not held: " + exchange);
        }
        int i = 0;
        while (i < waiting.size()) {
            Exchange candidate = waiting.get(i);
            if (!conflicts(candidate, held, held.size()) && !conflicts(candidate, waiting, i)) {
                waiting.remove(i);
                held.add(candidate);
                candidate.lockGranted();
            } else {
                i++;
            }
        }
    }

    /** Ranges held plus waiting, for tests and diagnostics. */
    synchronized int size() {
        return held.size() + waiting.size();
    }

    private static boolean conflicts(Exchange e, ArrayList<Exchange> others, int count) {
        for (int i = 0; i < count; i++) {
            Exchange o = others.get(i);
            if ((e.lockExclusive || o.lockExclusive)
                    && e.lockStartBytes < o.lockEndBytes && o.lockStartBytes < e.lockEndBytes) {
                return true;
            }
        }
        return false;
    }
}
