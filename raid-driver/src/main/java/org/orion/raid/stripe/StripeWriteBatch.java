package org.orion.raid.stripe;

import java.nio.ByteBuffer;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.raid.level.StripeMap;

/**
 * Writes several full column ranges of one stripe ({@link GatherStripeOp}s: gathered halves, or the
 * pieces of a request that covers the whole stripe) under one stripe lock, with one member write
 * per contiguous run instead of one per column. With md's 512 KiB chunk and 64 KiB columns, a
 * sequential writer's 2 MiB stripe is 8 column ranges; written column by column it costs 6 member
 * writes per column (48 per stripe, each a hand-off to a member I/O thread and a completion back
 * through the ring, which on fast members costs more CPU than the copy itself); batched it costs 6.
 *
 * <pre>
 *   member:        D0          D1          D2          D3          P            Q
 *   column 0   [req A 0..64K][req A ...] [req B ...] [req B ...] [P col 0 ]  [Q col 0 ]
 *   column 1   [req A ...   ][ ...     ] [ ...     ] [ ...     ] [P col 1 ]  [Q col 1 ]
 *     ...            |            |           |           |           |            |
 *   one write: client buffer A  buffer A   buffer B    buffer B   batch's P    batch's Q
 *              (contiguous)                                      (chunk-sized)
 * </pre>
 *
 * A data member's run continues while the next column's bytes follow the previous ones in the same
 * client buffer and the run stays within the members' transfer limit; otherwise a new run (and
 * member write) starts, so data spanning two client requests costs two writes, not a copy. P and Q
 * of every column are computed into chunk-sized buffers at the column's offset, so they are always
 * contiguous. The gathers' ranges never overlap (the gatherer starts a new batch for a range it has
 * already taken), so the runs of one member never overlap either.
 *
 * <p>If the array is no longer healthy when the stripe lock is granted (a member failed, a pass or
 * rebuild began, bad ranges appeared), every gather's pieces run on their own, as an unbatched
 * gather would. Handler thread only; pooled by {@link StripeBatches}; the P/Q buffers are
 * allocated on first use and kept.
 */
final class StripeWriteBatch extends StripeOp {
    private final StripeGatherer gatherer;
    private final StripeBatches pool;
    private final StripeMap map;
    private final Reconstruction reconstruction;
    private final int dataBlocks;
    /** The gathers written together, sorted by column before the writes are issued. */
    final GatherStripeOp[] gathers;
    int gatherCount;
    /** Block buffers and offsets per gather, in column order: {@code [gather][block]}. */
    private final ByteBuffer[][] blockBuffers;
    private final int[][] blockOffsets;
    /** One request per member write: at most one run per gather per member, P and Q included. */
    private final IoRequest[] runRequests;
    private int runCount;
    private ByteBuffer pBuffer;
    private ByteBuffer qBuffer;
    /** Asked for the stripe lock ({@link #start()}); until it begins writing it still takes gathers. */
    boolean started;
    /** Link in the pool's list of batches that have not begun writing. */
    StripeWriteBatch nextJoinable;

    StripeWriteBatch(StripeEngine engine, StripeGatherer gatherer, StripeBatches pool, int members, int dataBlocks,
                     int maxGathers) {
        super(engine, members);
        this.gatherer = gatherer;
        this.pool = pool;
        this.map = engine.layout.newStripeMap();
        this.reconstruction = new Reconstruction(engine.kernels, members);
        this.dataBlocks = dataBlocks;
        this.gathers = new GatherStripeOp[maxGathers];
        this.blockBuffers = new ByteBuffer[maxGathers][dataBlocks];
        this.blockOffsets = new int[maxGathers][dataBlocks];
        this.runRequests = new IoRequest[maxGathers * members];
        for (int i = 0; i < runRequests.length; i++) {
            runRequests[i] = new IoRequest();
        }
    }

    /** Opens the batch for {@code stripe} with its first gather. */
    void begin(GatherStripeOp first) {
        setup(null, first.stripe, 0, 0, 0, dataBlocks - 1);
        gatherCount = 0;
        started = false;
        nextJoinable = null;
        gathers[gatherCount++] = first;
    }

    /**
     * Whether {@code gather} can join: same stripe, room left, and no byte of its range taken
     * already. Only asked while the batch has not begun writing.
     */
    boolean accepts(GatherStripeOp gather) {
        if (gather.stripe != stripe || gatherCount == gathers.length) {
            return false;
        }
        int start = gather.column;
        int end = start + gather.lengthBytes;
        for (int i = 0; i < gatherCount; i++) {
            GatherStripeOp g = gathers[i];
            if (start < g.column + g.lengthBytes && g.column < end) {
                return false;
            }
        }
        return true;
    }

    void add(GatherStripeOp gather) {
        gathers[gatherCount++] = gather;
    }

    @Override
    void start() {
        started = true;
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
        pool.closed(this);
        if (!engine.canGather()) {
            // The array changed since the gathers were formed: their pieces' own plans handle it.
            holdsLock = false;
            engine.releaseLock(this);
            for (int i = 0; i < gatherCount; i++) {
                gatherer.runPiecesAlone(gathers[i]);
                gathers[i] = null;
            }
            gatherCount = 0;
            pool.done(this);
            return;
        }
        engine.layout.map(stripe, map);
        sortByColumn();
        if (pBuffer == null) {
            pBuffer = engine.allocateChunkBuffer();
        }
        if (map.qMember >= 0 && qBuffer == null) {
            qBuffer = engine.allocateChunkBuffer();
        }
        ByteBuffer q = map.qMember >= 0 ? qBuffer : null;
        for (int i = 0; i < gatherCount; i++) {
            GatherStripeOp g = gathers[i];
            ByteBuffer[] buffers = blockBuffers[i];
            int[] offsets = blockOffsets[i];
            for (int k = 0; k < dataBlocks; k++) {
                StripeOp piece = g.parts[k];
                buffers[k] = piece.clientBuffer();
                offsets[k] = piece.clientOffset(k);
            }
            reconstruction.parity(map, buffers, offsets, pBuffer, q, g.column, g.lengthBytes);
        }
        runCount = 0;
        for (int k = 0; k < dataBlocks; k++) {
            writeRuns(map.member(k, 0), map.offsetBytes(k, 0), k);
        }
        writeRuns(map.pMember, map.parityOffsetBytes, -1);
        if (q != null) {
            writeRuns(map.qMember, map.parityOffsetBytes, -2);
        }
        pool.countWritten(); // after the submits: a test that sees the count sees the member writes
    }

    /**
     * Issues the member writes of data block {@code block} (or P for -1, Q for -2): one per run of
     * adjacent columns whose bytes are contiguous in one buffer, within the members' transfer limit.
     */
    private void writeRuns(int slot, long memberBaseBytes, int block) {
        int limit = engine.memberTransferLimitBytes();
        int i = 0;
        while (i < gatherCount) {
            ByteBuffer buffer = bufferOf(i, block);
            int runOffset = offsetOf(i, block);
            int runColumn = gathers[i].column;
            int runBytes = gathers[i].lengthBytes;
            int j = i + 1;
            while (j < gatherCount) {
                GatherStripeOp next = gathers[j];
                if (next.column != runColumn + runBytes || bufferOf(j, block) != buffer
                        || offsetOf(j, block) != runOffset + runBytes || runBytes + next.lengthBytes > limit) {
                    break;
                }
                runBytes += next.lengthBytes;
                j++;
            }
            IoRequest request = runRequests[runCount++];
            engine.submitMember(this, request, slot, IoOp.WRITE, memberBaseBytes + runColumn, runBytes, buffer,
                    runOffset, 0);
            i = j;
        }
    }

    private ByteBuffer bufferOf(int gather, int block) {
        return block >= 0 ? blockBuffers[gather][block] : block == -1 ? pBuffer : qBuffer;
    }

    private int offsetOf(int gather, int block) {
        return block >= 0 ? blockOffsets[gather][block] : gathers[gather].column;
    }

    /** Insertion sort: a batch holds a handful of gathers, usually already in column order. */
    private void sortByColumn() {
        for (int i = 1; i < gatherCount; i++) {
            GatherStripeOp g = gathers[i];
            int j = i - 1;
            while (j >= 0 && gathers[j].column > g.column) {
                gathers[j + 1] = gathers[j];
                j--;
            }
            gathers[j + 1] = g;
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
        for (int i = 0; i < gatherCount; i++) {
            gatherer.finished(gathers[i], failure);
            gathers[i] = null;
        }
        gatherCount = 0;
        pool.done(this);
    }
}
