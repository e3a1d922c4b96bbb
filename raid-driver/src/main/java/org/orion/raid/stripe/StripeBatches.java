package org.orion.raid.stripe;

/**
 * The pool of {@link StripeWriteBatch}es and what waits for them. A complete gather (gathered
 * halves, or one piece covering every data block of its column range) joins the open batch of its
 * stripe, or takes a free batch, or waits in a FIFO until a batch is free. Batches taken while the
 * engine carves pieces stay open to more column ranges of their stripe until the end of that
 * dispatch ({@link #seal()}), then take the stripe lock and write: the pieces of one client request
 * are carved in one dispatch, so its stripe's columns usually share one batch.
 *
 * <p>Memory: each batch holds chunk-sized P (and Q) buffers, allocated on its first write, so the
 * engine sizes the pool by a byte budget; gathers waiting here hold no buffers. A batch that cannot
 * take a gather (its range is taken already, or it is full) is started at once, so that writes to
 * the same stripe keep their order.
 *
 * <p>Threads: the ring handler only. Allocation-free: batches are pooled, the waiting gathers are
 * linked through {@link GatherStripeOp#nextPending}.
 */
final class StripeBatches {
    private final StripeWriteBatch[] free;
    private int freeCount;
    private GatherStripeOp waitingHead;
    private GatherStripeOp waitingTail;
    /** Batches taken in the current dispatch and not yet started, oldest first. */
    private StripeWriteBatch openHead;
    private StripeWriteBatch openTail;
    private volatile long written;

    /**
     * @param count           batches in the pool; 0 disables batching (a chunk of one column has nothing to merge)
     * @param gathersPerBatch column ranges one batch can take (the columns of a chunk)
     */
    StripeBatches(StripeEngine engine, StripeGatherer gatherer, int members, int dataBlocks, int count,
                  int gathersPerBatch) {
        this.free = new StripeWriteBatch[count];
        for (int i = 0; i < count; i++) {
            free[freeCount++] = new StripeWriteBatch(engine, gatherer, this, members, dataBlocks, gathersPerBatch);
        }
    }

    boolean enabled() {
        return free.length > 0;
    }

    /** Writes a complete gather in a batch, now or once one is free. */
    void write(GatherStripeOp gather) {
        if (waitingHead == null && join(gather)) {
            return;
        }
        gather.nextPending = null;
        if (waitingTail == null) {
            waitingHead = gather;
        } else {
            waitingTail.nextPending = gather;
        }
        waitingTail = gather;
    }

    /** Puts waiting gathers into batches freed since; true if any started. */
    boolean startWaiting() {
        if (waitingHead == null || freeCount == 0) {
            return false;
        }
        while (waitingHead != null && join(waitingHead)) {
            GatherStripeOp gather = waitingHead;
            waitingHead = gather.nextPending;
            gather.nextPending = null;
            if (waitingHead == null) {
                waitingTail = null;
            }
        }
        seal();
        return true;
    }

    /** Starts every batch opened since the last call (end of the engine's dispatch). */
    void seal() {
        while (openHead != null) {
            StripeWriteBatch b = openHead;
            unlinkOpen(b);
            b.start();
        }
    }

    /** A batch finished (or handed its gathers back): it is free again. */
    void done(StripeWriteBatch batch) {
        free[freeCount++] = batch;
    }

    /** A batch is writing its column ranges with merged member writes. */
    void countWritten() {
        written++;
    }

    /** Stripe writes done as one batch of merged member writes. */
    long written() {
        return written;
    }

    /** The open batch of the gather's stripe if it takes it, else a free one; false when none is free. */
    private boolean join(GatherStripeOp gather) {
        for (StripeWriteBatch b = openHead; b != null; b = b.nextOpen) {
            if (b.stripe == gather.stripe) {
                if (b.accepts(gather)) {
                    b.add(gather);
                    return true;
                }
                unlinkOpen(b); // its range is taken or it is full: it goes first
                b.start();
                break;
            }
        }
        if (freeCount == 0) {
            return false;
        }
        StripeWriteBatch b = free[--freeCount];
        b.begin(gather);
        if (openTail == null) {
            openHead = b;
        } else {
            openTail.nextOpen = b;
        }
        openTail = b;
        return true;
    }

    private void unlinkOpen(StripeWriteBatch batch) {
        StripeWriteBatch previous = null;
        for (StripeWriteBatch b = openHead; b != null; previous = b, b = b.nextOpen) {
            if (b == batch) {
                if (previous == null) {
                    openHead = b.nextOpen;
                } else {
                    previous.nextOpen = b.nextOpen;
                }
                if (openTail == b) {
                    openTail = previous;
                }
                b.nextOpen = null;
                return;
            }
        }
    }
}
