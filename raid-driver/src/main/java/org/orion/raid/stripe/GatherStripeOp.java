package org.orion.raid.stripe;

import java.nio.ByteBuffer;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoStatus;
import org.orion.raid.level.StripeMap;

/**
 * One full-stripe write assembled from the write pieces of several client requests that together
 * cover every data block of the same stripe and column range ({@link StripeGatherer}). P and Q come
 * from the new data alone, so nothing is read: D + P (+ Q) member writes instead of a
 * read-modify-write or reconstruct-write per piece.
 *
 * <pre>
 *   pending (pieces held, deadline) --all blocks covered--> lock --> P/Q --> write D + P + Q --> each piece done
 *                                   --expired / flush / released--> each piece runs on its own
 * </pre>
 *
 * The pieces ({@link ParityStripeOp}s already carved for their requests) are not started; they only
 * lend their client buffers, and are finished here with this operation's outcome. If the array is no
 * longer healthy when the stripe lock is granted, the pieces run on their own after all. Handler
 * thread only; pooled by the gatherer.
 */
final class GatherStripeOp extends StripeOp {
    private final StripeGatherer gatherer;
    private final StripeMap map;
    private final Reconstruction reconstruction;
    /** The piece supplying data block k (a piece covering several blocks appears at each of them). */
    final StripeOp[] parts;
    private final ByteBuffer[] blockBuffers;
    private final int[] blockOffsets;
    private ByteBuffer pBuffer;
    private ByteBuffer qBuffer;
    /** Data blocks covered so far, bit per block. */
    long coveredBlocks;
    /** When a pending gather gives up and lets its pieces run on their own (engine clock). */
    long deadlineNanos;
    /** Links in the gatherer's FIFO of pending gathers. */
    GatherStripeOp prevPending;
    GatherStripeOp nextPending;

    GatherStripeOp(StripeEngine engine, StripeGatherer gatherer, int members, int dataBlocks) {
        super(engine, members);
        this.gatherer = gatherer;
        this.map = engine.layout.newStripeMap();
        this.reconstruction = new Reconstruction(engine.kernels, members);
        this.parts = new StripeOp[dataBlocks];
        this.blockBuffers = new ByteBuffer[dataBlocks];
        this.blockOffsets = new int[dataBlocks];
    }

    /** Starts collecting pieces for {@code stripe} at {@code column}. */
    void begin(long stripeNumber, int columnBytes, int length, long deadline) {
        setup(null, stripeNumber, columnBytes, length, 0, parts.length - 1);
        coveredBlocks = 0;
        deadlineNanos = deadline;
        prevPending = null;
        nextPending = null;
    }

    static long blocksOf(StripeOp piece) {
        long upTo = piece.lastBlock == 63 ? -1L : (1L << (piece.lastBlock + 1)) - 1;
        return upTo & -(1L << piece.firstBlock);
    }

    void add(StripeOp piece) {
        for (int k = piece.firstBlock; k <= piece.lastBlock; k++) {
            parts[k] = piece;
        }
        coveredBlocks |= blocksOf(piece);
    }

    /** Forgets the pieces of a gather that is returned to the pool unused. */
    void clearParts() {
        java.util.Arrays.fill(parts, null);
        coveredBlocks = 0;
    }

    boolean matches(StripeOp piece) {
        return piece.stripe == stripe && piece.column == column && piece.lengthBytes == lengthBytes;
    }

    @Override
    void start() {
        if (!engine.locks.acquire(stripe, this)) {
            return; // lockGranted() continues
        }
        holdsLock = true;
        writeAll();
    }

    @Override
    void lockGranted() {
        holdsLock = true;
        writeAll();
    }

    private void writeAll() {
        if (!engine.canGather()) {
            // A member failed, a pass or rebuild began, or bad ranges appeared since the pieces were
            // held: their own plans know how to deal with that.
            holdsLock = false;
            engine.releaseLock(this);
            gatherer.runPiecesAlone(this);
            return;
        }
        engine.layout.map(stripe, map);
        for (int k = 0; k < parts.length; k++) {
            blockBuffers[k] = parts[k].clientBuffer();
            blockOffsets[k] = parts[k].clientOffset(k);
        }
        if (pBuffer == null) {
            pBuffer = engine.allocateColumnBuffer();
        }
        if (map.qMember >= 0 && qBuffer == null) {
            qBuffer = engine.allocateColumnBuffer();
        }
        reconstruction.parity(map, blockBuffers, blockOffsets, pBuffer, map.qMember >= 0 ? qBuffer : null, lengthBytes);
        for (int k = 0; k < parts.length; k++) {
            engine.submitMember(this, map.member(k, 0), IoOp.WRITE, map.offsetBytes(k, 0) + column, lengthBytes,
                    blockBuffers[k], blockOffsets[k], 0);
        }
        engine.submitMember(this, map.pMember, IoOp.WRITE, map.parityOffsetBytes + column, lengthBytes, pBuffer, 0, 0);
        if (map.qMember >= 0) {
            engine.submitMember(this, map.qMember, IoOp.WRITE, map.parityOffsetBytes + column, lengthBytes, qBuffer, 0, 0);
        }
    }

    @Override
    void memberDone(int slot, IoStatus status) {
        if (writeDone(slot, status)) {
            finish();
        }
    }

    @Override
    void afterTargetDone() {
        if (outstanding == 0) {
            finish();
        }
    }

    private void finish() {
        releaseLockIfHeld();
        gatherer.finished(this, failure);
    }
}
