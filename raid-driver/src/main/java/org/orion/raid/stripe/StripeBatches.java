package org.orion.raid.stripe;

/**
 * The pool of {@link StripeWriteBatch}es and what waits for them. A complete gather (gathered
 * halves, or one piece covering every data block of its column range) joins the last batch of its
 * stripe that has not begun writing, or takes a free batch, or waits in a FIFO until a batch is
 * free.
 *
 * <p>A batch takes column ranges while it is joinable: from when it is taken until it begins
 * writing. Batches taken while the engine carves pieces are started (they ask for the stripe lock)
 * at the end of that dispatch ({@link #seal()}): the pieces of one client request are carved in one
 * dispatch, so its stripe's columns usually share one batch. A started batch that waits for its
 * stripe lock (the stripe's previous batch is still writing) keeps taking the stripe's ranges that
 * become complete meanwhile: with writes smaller than a chunk (64 KiB writes on 512 KiB chunks) the
 * columns of a stripe complete one by one, and they go out together after the batch ahead.
 *
 * <p>Order: a gather only joins the last joinable batch of its stripe, and only if none of its bytes
 * are taken there; otherwise it starts a new batch, which queues behind on the stripe lock. A batch
 * that was still collecting is started before that, so writes to the same range keep their order.
 *
 * <p>Memory: each batch holds chunk-sized P (and Q) buffers, allocated on its first write, so the
 * engine sizes the pool by a byte budget; gathers waiting here hold no buffers.
 *
 * <p>Threads: the ring handler only. Allocation-free: batches are pooled, joinable batches and
 * waiting gathers are linked lists through their own fields.
 */
final class StripeBatches {
    private final StripeWriteBatch[] free;
    private int freeCount;
    private GatherStripeOp waitingHead;
    private GatherStripeOp waitingTail;
    /** Batches that have not begun writing, oldest first; the collecting ones are not started yet. */
    private StripeWriteBatch joinableHead;
    private StripeWriteBatch joinableTail;
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

    /** Starts every batch taken since the last call (end of the engine's dispatch). */
    void seal() {
        // From the head each time: starting one batch may change the list (it, or a batch it lets
        // have the stripe lock, begins writing and leaves it).
        StripeWriteBatch b = firstNotStarted();
        while (b != null) {
            b.start();
            b = firstNotStarted();
        }
    }

    private StripeWriteBatch firstNotStarted() {
        for (StripeWriteBatch b = joinableHead; b != null; b = b.nextJoinable) {
            if (!b.started) {
                return b;
            }
        }
        return null;
    }

    /** A batch begins writing (or hands its gathers back): it takes no more ranges. */
    void closed(StripeWriteBatch batch) {
        StripeWriteBatch previous = null;
        for (StripeWriteBatch b = joinableHead; b != null; previous = b, b = b.nextJoinable) {
            if (b == batch) {
                if (previous == null) {
                    joinableHead = b.nextJoinable;
                } else {
                    previous.nextJoinable = b.nextJoinable;
                }
                if (joinableTail == b) {
                    joinableTail = previous;
                }
                b.nextJoinable = null;
                return;
            }
        }
    }

    /** A batch finished (or handed its gathers back): it is free again. */
    void done(StripeWriteBatch batch) {
        free[freeCount++] = batch;
    }

    /** A batch has issued the member writes of its column ranges. */
    void countWritten() {
        written++;
    }

    /** Stripe writes done as one batch of merged member writes. */
    long written() {
        return written;
    }

    /** The last joinable batch of the gather's stripe if it takes it, else a free one; false when none is free. */
    private boolean join(GatherStripeOp gather) {
        StripeWriteBatch last = null;
        for (StripeWriteBatch b = joinableHead; b != null; b = b.nextJoinable) {
            if (b.stripe == gather.stripe) {
                last = b;
            }
        }
        if (last != null) {
            if (last.accepts(gather)) {
                last.add(gather);
                return true;
            }
            if (!last.started) {
                last.start(); // its range is taken or it is full: it goes first
            }
        }
        if (freeCount == 0) {
            return false;
        }
        StripeWriteBatch b = free[--freeCount];
        b.begin(gather);
        if (joinableTail == null) {
            joinableHead = b;
        } else {
            joinableTail.nextJoinable = b;
        }
        joinableTail = b;
        return true;
    }
}
