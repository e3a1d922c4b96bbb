package org.orion.raid.stripe;

import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;

/**
 * Gathers partial-stripe writes into full-stripe writes, as md's stripe cache does: a sequential
 * writer whose requests are smaller than a stripe (1 MiB writes on RAID6 with md's 512 KiB chunk:
 * half a 2 MiB stripe each) would otherwise pay a reconstruct-write for every piece, reading the
 * other half of the stripe just before the next request overwrites it. Instead, the piece of a
 * request that ends inside a stripe is held briefly; when the following request's pieces cover the
 * rest of the same stripe and column range, one {@link GatherStripeOp} writes all of it, with P and Q
 * computed from the new data only.
 *
 * <p>What is held, and for how long:
 * <ul>
 *   <li>only plain WRITE pieces (not FUA, not zeroes or discards) that start at the stripe's first
 *       data block, of a request that ends inside that stripe and starts exactly where a recent
 *       write ended (a sequential stream: random writes are never held), on a healthy array
 *       ({@link StripeEngine#canGather()});</li>
 *   <li>only while another client write is in flight: a lone writer (queue depth 1) is never
 *       delayed, and held pieces are let go as soon as every write in flight is a held one, since
 *       nothing could then arrive to complete them. Except for a deep writer (one that recently had
 *       4 or more writes in flight at once): its successor is most likely still on its way (a
 *       server that keeps up sees the writes one by one while the client has many outstanding), so
 *       its held pieces wait for it up to the hold time, or until the ring has gone a whole wait
 *       timeout (2 ms of real time) without any event, which also keeps a simulation whose clock
 *       stands still while nothing is in flight from waiting for ever;</li>
 *   <li>at most half the engine's stripe operations at once, so the successor's pieces can always
 *       be carved;</li>
 *   <li>at most four times the recent gap between arriving writes for each write of this size the
 *       rest of the stripe needs, within 2 to 20 ms (engine clock); after that the pieces run on
 *       their own. Held pieces are let go only when the ring has no more events
 *       ({@link #poll(boolean)} runs then), so a successor already in the ring, behind a handler
 *       thread that was off the CPU, is seen first;</li>
 *   <li>a FLUSH lets every held piece go before it starts, so no write is gathered across a flush.</li>
 * </ul>
 * Held pieces are not acknowledged, so holding them changes no ordering a client may rely on.
 *
 * <p>When a chunk holds more than one column, complete gathers, and the pieces of plain writes that
 * cover every data block of their column range, are written by {@link StripeBatches}: the column
 * ranges of one stripe that become ready together, or while the stripe's previous batch is still
 * writing, share one stripe lock and one member write per contiguous run, instead of D + P (+ Q)
 * member writes per column.
 *
 * <p>Threads: the ring handler only. Allocation-free: gathers and batches are pooled, pending gathers
 * are a linked FIFO (oldest deadline first).
 */
final class StripeGatherer {
    /** Shortest wait for the rest of a stripe. */
    static final long MIN_HOLD_NANOS = 2_000_000;
    /** Longest wait for the rest of a stripe, however slowly the writes arrive. */
    static final long MAX_HOLD_NANOS = 20_000_000;
    /** Gaps between writes longer than this are pauses, not the pace of a stream. */
    private static final long MAX_GAP_NANOS = 50_000_000;
    /** Arriving writes per window of {@link #peakInFlight}. */
    private static final int PEAK_WINDOW_WRITES = 64;
    /** Writes in flight at once that make a writer deep ({@link #deepWriter()}). */
    private static final int DEEP_WRITER_IN_FLIGHT = 4;
    /** How many recent write ends a new write is compared with to call it sequential. */
    private static final int RECENT_ENDS = 16;

    private final StripeEngine engine;
    private final NanoClock clock;
    private final int dataBlocks;
    private final long allBlocks;
    private final long stripeBytes;
    private final GatherStripeOp[] free;
    private int freeCount;
    /** Writes complete gathers with merged member writes; disabled when a chunk is a single column. */
    private final StripeBatches batches;
    private GatherStripeOp pendingHead;
    private GatherStripeOp pendingTail;
    private final long[] recentEnds = new long[RECENT_ENDS];
    private int recentNext;
    /** Client writes accepted by the engine and not yet completed. */
    private int writesInFlight;
    /**
     * Most client writes in flight at once in the current and the previous window of
     * {@link #PEAK_WINDOW_WRITES} arriving writes (a pause longer than {@link #MAX_GAP_NANOS} ends a
     * window): whether the writer keeps many writes in flight ({@link #deepWriter()}).
     */
    private int peakInFlight;
    private int previousPeakInFlight;
    private int windowWrites;
    /** Client requests with at least one piece held. */
    private int heldOwners;
    /** Moving average of the time between two client writes arriving (engine clock). */
    private long writeGapNanos;
    private long lastWriteNanos = Long.MIN_VALUE;

    /**
     * Pieces held at most at once: half the stripe operations, so the pieces that would complete the
     * held ones can always be carved (held pieces free their operations only when written).
     */
    private final int maxHeldPieces;
    private long gathered;
    private long expired;
    /** Pieces held now; volatile for diagnostics and tests on other threads. */
    private volatile int heldPieces;

    /**
     * @param gathers           pooled gathers (pending, and written)
     * @param batches           pooled write batches (0: write every column range on its own)
     * @param gathersPerBatch   column ranges one batch can take (the columns of a chunk)
     * @param stripeOperations  the engine's stripe operations (pieces) in all
     */
    StripeGatherer(StripeEngine engine, NanoClock clock, int members, int dataBlocks, int gathers, int batchCount,
                   int gathersPerBatch, int stripeOperations) {
        this.engine = engine;
        this.maxHeldPieces = Math.max(1, stripeOperations / 2);
        this.clock = clock;
        this.dataBlocks = dataBlocks;
        this.allBlocks = dataBlocks == 64 ? -1L : (1L << dataBlocks) - 1;
        this.stripeBytes = engine.stripeBytes;
        this.free = new GatherStripeOp[gathers];
        for (int i = 0; i < gathers; i++) {
            free[freeCount++] = new GatherStripeOp(engine, this, members, dataBlocks);
        }
        this.batches = new StripeBatches(engine, this, members, dataBlocks, batchCount, gathersPerBatch);
        java.util.Arrays.fill(recentEnds, -1);
    }

    /** A client request was accepted (handler thread). */
    void admitted(ArrayOp op) {
        if (op.op() == IoOp.WRITE) {
            writesInFlight++;
            long now = clock.nanoTime();
            if (lastWriteNanos != Long.MIN_VALUE) {
                long gap = Math.min(now - lastWriteNanos, MAX_GAP_NANOS);
                writeGapNanos += (gap - writeGapNanos) / 8;
                if (gap == MAX_GAP_NANOS) {
                    previousPeakInFlight = 0; // a pause: what the writer did before says little now
                    peakInFlight = 0;
                    windowWrites = 0;
                }
            }
            peakInFlight = Math.max(peakInFlight, writesInFlight);
            if (++windowWrites == PEAK_WINDOW_WRITES) {
                previousPeakInFlight = peakInFlight;
                peakInFlight = 0;
                windowWrites = 0;
            }
            lastWriteNanos = now;
            recentEnds[recentNext] = op.client.endBytes();
            recentNext = (recentNext + 1) % RECENT_ENDS;
        }
    }

    /** A client request completed. */
    void completed(IoOp kind) {
        if (kind == IoOp.WRITE) {
            writesInFlight--;
        }
    }

    /**
     * Offers a freshly carved piece, not yet started.
     *
     * @return true if the gatherer took it (held, or started as part of a full-stripe write); false
     *         if the caller starts it as usual
     */
    boolean offer(StripeOp piece) {
        ArrayOp owner = piece.owner;
        if (owner.op() != IoOp.WRITE || owner.client.isFua() || !engine.canGather()) {
            return false;
        }
        long blocks = GatherStripeOp.blocksOf(piece);
        if (blocks == allBlocks) {
            return batchWhole(piece);
        }
        GatherStripeOp gather = find(piece);
        if (gather != null) {
            if ((gather.coveredBlocks & blocks) != 0) {
                // The same blocks again (a rewrite): no gathering; the held pieces go first.
                release(gather);
                return false;
            }
            hold(gather, piece);
            if (gather.coveredBlocks == allBlocks) {
                unlink(gather);
                unhold(gather);
                gathered++;
                writeComplete(gather);
            }
            return true;
        }
        if (!worthHolding(piece, owner) || freeCount == 0) {
            return false;
        }
        gather = free[--freeCount];
        gather.begin(piece.stripe, piece.column, piece.lengthBytes, clock.nanoTime() + holdNanos(owner, piece.stripe));
        hold(gather, piece);
        link(gather);
        return true;
    }

    /**
     * A piece that covers every data block of its column range needs no partner: it joins a batch as
     * a gather of one piece, or (no batch or gather free) returns false and runs as a full-stripe
     * write of its own.
     */
    private boolean batchWhole(StripeOp piece) {
        if (!batches.enabled() || freeCount == 0) {
            return false;
        }
        GatherStripeOp gather = free[--freeCount];
        gather.begin(piece.stripe, piece.column, piece.lengthBytes, 0);
        gather.add(piece);
        writeComplete(gather);
        return true;
    }

    /**
     * A gather covers every data block of its range: write it in a batch (queued until one is free:
     * in batch mode gathers have no buffers of their own), or on its own when the chunk is a single
     * column.
     */
    private void writeComplete(GatherStripeOp gather) {
        if (batches.enabled()) {
            batches.write(gather);
        } else {
            gather.start();
        }
    }

    /**
     * Lets go what has waited too long, or what nothing can complete any more; true if it let
     * something go. Runs when the ring has no events.
     *
     * @param ringQuiet the ring has waited a whole timeout without an event: a deep writer's successor
     *                  is not on its way after all (or the engine's clock is a simulation's that stands
     *                  still while nothing is in flight), so held pieces go if nothing else is in flight
     */
    boolean poll(boolean ringQuiet) {
        if (pendingHead == null) {
            return false;
        }
        if (writesInFlight <= heldOwners && (!deepWriter() || ringQuiet)) {
            releaseAll();
            return true;
        }
        long now = clock.nanoTime();
        boolean progress = false;
        while (pendingHead != null && pendingHead.deadlineNanos - now <= 0) {
            expired++;
            release(pendingHead);
            progress = true;
        }
        return progress;
    }

    /** Lets every held piece run on its own (before a FLUSH). */
    void releaseAll() {
        while (pendingHead != null) {
            release(pendingHead);
        }
    }

    /** Full-stripe writes made by gathering. */
    long gathered() {
        return gathered;
    }

    /** Pending gathers that ran out of time. */
    long expired() {
        return expired;
    }

    /** The batches that write complete gathers (the engine seals and restarts them). */
    StripeBatches batches() {
        return batches;
    }

    /** Write pieces held at this moment. Any thread. */
    int heldPieces() {
        return heldPieces;
    }

    /** A started gather finished its member writes: finish each piece with its outcome. */
    void finished(GatherStripeOp gather, IoStatus failure) {
        StripeOp previous = null;
        for (int k = 0; k < dataBlocks; k++) {
            StripeOp piece = gather.parts[k];
            gather.parts[k] = null;
            if (piece != previous) {
                if (failure != null) {
                    piece.fail(failure);
                }
                engine.stripeOpDone(piece);
                previous = piece;
            }
        }
        free[freeCount++] = gather;
    }

    /** A started gather found the array changed: its pieces run on their own after all. */
    void runPiecesAlone(GatherStripeOp gather) {
        StripeOp previous = null;
        for (int k = 0; k < dataBlocks; k++) {
            StripeOp piece = gather.parts[k];
            gather.parts[k] = null;
            if (piece != null && piece != previous) {
                piece.start();
                previous = piece;
            }
        }
        free[freeCount++] = gather;
    }

    /**
     * How long to wait for the rest of a stripe: a few times the writes' current pace for each write
     * of this size the rest of the stripe still needs (1 MiB writes on a 2 MiB stripe: the very next
     * one; 64 KiB writes: the one that covers the last data block of this column range is some 24
     * writes later), within {@link #MIN_HOLD_NANOS}..{@link #MAX_HOLD_NANOS}.
     */
    long holdNanos(ArrayOp owner, long stripe) {
        long restBytes = (stripe + 1) * stripeBytes - owner.client.endBytes();
        long writes = Math.max(1, (restBytes + owner.client.lengthBytes() - 1) / Math.max(1, owner.client.lengthBytes()));
        return Math.max(MIN_HOLD_NANOS, Math.min(MAX_HOLD_NANOS, 4 * writeGapNanos * Math.min(writes, 1024)));
    }

    private boolean worthHolding(StripeOp piece, ArrayOp owner) {
        if (piece.firstBlock != 0 || owner.client.endBytes() >= (piece.stripe + 1) * stripeBytes) {
            return false; // the rest of this stripe is not what a sequential successor would write
        }
        if (writesInFlight <= heldOwners + (owner.heldPieces == 0 ? 1 : 0) && !deepWriter()) {
            return false; // no other write in flight that could be followed by the successor
        }
        if (heldPieces >= maxHeldPieces) {
            return false;
        }
        long start = owner.client.offsetBytes();
        for (long end : recentEnds) {
            if (end == start) {
                return true;
            }
        }
        return false;
    }

    /**
     * The writer has recently had {@link #DEEP_WRITER_IN_FLIGHT} or more writes in flight at once: a
     * held half then waits for its successor up to the hold time even while no other write is in
     * the engine, because the successor is most likely on its way (a server that keeps up with its
     * client sees the writes one by one while the client still has many outstanding). Writers at
     * queue depth 1 to 3 never qualify: their halves are held only while other writes are in flight.
     */
    private boolean deepWriter() {
        return Math.max(peakInFlight, previousPeakInFlight) >= DEEP_WRITER_IN_FLIGHT;
    }

    private void hold(GatherStripeOp gather, StripeOp piece) {
        gather.add(piece);
        heldPieces++;
        if (piece.owner.heldPieces++ == 0) {
            heldOwners++;
        }
    }

    /** The pieces of {@code gather} are no longer held (they start, alone or together). */
    private void unhold(GatherStripeOp gather) {
        StripeOp previous = null;
        for (int k = 0; k < dataBlocks; k++) {
            StripeOp piece = gather.parts[k];
            if (piece != null && piece != previous) {
                heldPieces--;
                if (--piece.owner.heldPieces == 0) {
                    heldOwners--;
                }
                previous = piece;
            }
        }
    }

    private void release(GatherStripeOp gather) {
        unlink(gather);
        unhold(gather);
        runPiecesAlone(gather);
    }

    private GatherStripeOp find(StripeOp piece) {
        for (GatherStripeOp g = pendingHead; g != null; g = g.nextPending) {
            if (g.matches(piece)) {
                return g;
            }
        }
        return null;
    }

    private void link(GatherStripeOp gather) {
        gather.nextPending = null;
        gather.prevPending = pendingTail;
        if (pendingTail == null) {
            pendingHead = gather;
        } else {
            pendingTail.nextPending = gather;
        }
        pendingTail = gather;
    }

    private void unlink(GatherStripeOp gather) {
        if (gather.prevPending == null) {
            pendingHead = gather.nextPending;
        } else {
            gather.prevPending.nextPending = gather.nextPending;
        }
        if (gather.nextPending == null) {
            pendingTail = gather.prevPending;
        } else {
            gather.nextPending.prevPending = gather.prevPending;
        }
        gather.prevPending = null;
        gather.nextPending = null;
    }
}
