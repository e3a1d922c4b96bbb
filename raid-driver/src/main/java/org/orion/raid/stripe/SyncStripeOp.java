package org.orion.raid.stripe;

import java.nio.ByteBuffer;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoStatus;
import org.orion.raid.level.StripeMap;
import org.orion.raid.parity.ParityKernels;

/**
 * One column range of one stripe in a background pass (resync, check, repair), holding the stripe
 * lock so client writes cannot interleave. Parity levels read every data block (and, to compare,
 * P and Q), recompute parity and write it or compare it; mirror levels read the copies and copy
 * or compare them. A stripe with a missing or unreadable member is skipped and counted: a
 * degraded array needs recovery, not resync.
 */
final class SyncStripeOp extends StripeOp {
    private static final int PHASE_READ = 1;
    private static final int PHASE_WRITE = 2;

    private final StripeMap map;
    private final ByteBuffer[] buffers;
    private ByteBuffer expectedP;
    private ByteBuffer expectedQ;
    private final ByteBuffer[] slotBuffers;
    private final int[] slotOffsets;
    private SyncKind kind;
    /** In flight (engine bookkeeping for the checkpoint). */
    boolean busy;
    private int phase;
    private boolean unreadable;
    private boolean mismatch;
    private int sourceCopy;

    SyncStripeOp(StripeEngine engine, int members) {
        super(engine, members);
        this.map = engine.layout.newStripeMap();
        this.buffers = new ByteBuffer[members];
        this.slotBuffers = new ByteBuffer[members];
        this.slotOffsets = new int[members];
    }

    void setupSync(SyncKind kind, long stripe, int column, int lengthBytes) {
        setup(null, stripe, column, lengthBytes, 0, 0);
        this.kind = kind;
    }

    boolean foundMismatch() {
        return mismatch;
    }

    boolean wasUnreadable() {
        return unreadable;
    }

    @Override
    void start() {
        engine.layout.map(stripe, map);
        unreadable = false;
        mismatch = false;
        if (!engine.locks.acquire(stripe, this)) {
            return;
        }
        lockGranted();
    }

    @Override
    void lockGranted() {
        holdsLock = true;
        phase = PHASE_READ;
        long usable = engine.array.usableMask();
        long reads;
        if (engine.parityBlocks > 0) {
            long data = dataMembers();
            if ((data & ~usable) != 0) {
                unreadable = true;
                finish();
                return;
            }
            reads = kind == SyncKind.RESYNC ? data : data | (parityMembers() & usable);
        } else {
            reads = 0;
            sourceCopy = -1;
            for (int c = 0; c < map.copies; c++) {
                int slot = map.member(0, c);
                if ((usable & (1L << slot)) != 0) {
                    if (sourceCopy < 0) {
                        sourceCopy = c;
                    }
                    if (kind != SyncKind.RESYNC || c == sourceCopy) {
                        reads |= 1L << slot;
                    }
                }
            }
        }
        for (long m = reads; m != 0; m &= m - 1) {
            int slot = Long.numberOfTrailingZeros(m);
            engine.submitMember(this, slot, IoOp.READ, memberOffset(slot), lengthBytes, buffer(slot), 0, 0);
        }
        if (outstanding == 0) {
            finish();
        }
    }

    @Override
    void memberDone(int slot, IoStatus status) {
        outstanding--;
        if (status != IoStatus.OK) {
            if (phase == PHASE_READ) {
                unreadable = true;
            } else {
                engine.markFaulty(slot, status);
            }
        }
        if (outstanding > 0) {
            return;
        }
        if (phase == PHASE_READ && !unreadable) {
            compareAndWrite();
        } else {
            finish();
        }
    }

    private void compareAndWrite() {
        phase = PHASE_WRITE;
        long usable = engine.array.usableMask();
        int len = lengthBytes;
        if (engine.parityBlocks > 0) {
            computeParity();
            boolean pBad = usable(usable, map.pMember) && (kind == SyncKind.RESYNC
                    || !same(expectedP, buffer(map.pMember), len));
            boolean qBad = map.qMember >= 0 && usable(usable, map.qMember) && (kind == SyncKind.RESYNC
                    || !same(expectedQ, buffer(map.qMember), len));
            mismatch = kind != SyncKind.RESYNC && (pBad || qBad);
            if (kind != SyncKind.CHECK) {
                if (pBad) {
                    engine.submitMember(this, map.pMember, IoOp.WRITE, map.parityOffsetBytes + column, len, expectedP, 0, 0);
                }
                if (qBad) {
                    engine.submitMember(this, map.qMember, IoOp.WRITE, map.parityOffsetBytes + column, len, expectedQ, 0, 0);
                }
            }
        } else {
            int source = map.member(0, sourceCopy);
            ByteBuffer good = buffer(source);
            for (int c = 0; c < map.copies; c++) {
                int slot = map.member(0, c);
                if (c == sourceCopy || !usable(usable, slot)) {
                    continue;
                }
                boolean differs = kind == SyncKind.RESYNC || !same(buffer(slot), good, len);
                mismatch |= kind != SyncKind.RESYNC && differs;
                if (differs && kind != SyncKind.CHECK) {
                    engine.submitMember(this, slot, IoOp.WRITE, memberOffset(slot), len, buffer(source), 0, 0);
                }
            }
        }
        if (outstanding == 0) {
            finish();
        }
    }

    private void computeParity() {
        ParityKernels kernels = engine.kernels;
        int len = lengthBytes;
        if (expectedP == null) {
            expectedP = engine.allocateColumnBuffer();
            expectedQ = engine.allocateColumnBuffer();
        }
        if (map.qMember < 0) {
            for (int k = 0; k < map.dataBlocks; k++) {
                slotBuffers[k] = buffer(map.member(k, 0));
                slotOffsets[k] = 0;
            }
            kernels.xor(slotBuffers, slotOffsets, map.dataBlocks, expectedP, 0, len);
            return;
        }
        int slots = 0;
        for (int k = 0; k < map.dataBlocks; k++) {
            slots = Math.max(slots, map.qExponent[k] + 1);
        }
        for (int s = 0; s < slots; s++) {
            slotBuffers[s] = null;
        }
        for (int k = 0; k < map.dataBlocks; k++) {
            slotBuffers[map.qExponent[k]] = buffer(map.member(k, 0));
            slotOffsets[map.qExponent[k]] = 0;
        }
        kernels.pq(slotBuffers, slotOffsets, slots, expectedP, 0, expectedQ, 0, len);
    }

    private void finish() {
        if (holdsLock) {
            holdsLock = false;
            engine.releaseLock(this);
        }
        engine.syncPieceDone(this);
    }

    private long memberOffset(int slot) {
        for (int k = 0; k < map.dataBlocks; k++) {
            for (int c = 0; c < map.copies; c++) {
                if (map.member(k, c) == slot) {
                    return map.offsetBytes(k, c) + column;
                }
            }
        }
        return map.parityOffsetBytes + column;
    }

    private long dataMembers() {
        long mask = 0;
        for (int k = 0; k < map.dataBlocks; k++) {
            mask |= 1L << map.member(k, 0);
        }
        return mask;
    }

    private long parityMembers() {
        long mask = 1L << map.pMember;
        if (map.qMember >= 0) {
            mask |= 1L << map.qMember;
        }
        return mask;
    }

    /** Compares the first {@code len} bytes of two of our own buffers without allocating. */
    private static boolean same(ByteBuffer a, ByteBuffer b, int len) {
        a.limit(len);
        b.limit(len);
        boolean equal = a.mismatch(b) < 0;
        a.limit(a.capacity());
        b.limit(b.capacity());
        return equal;
    }

    private static boolean usable(long usable, int slot) {
        return slot >= 0 && (usable & (1L << slot)) != 0;
    }

    private ByteBuffer buffer(int slot) {
        ByteBuffer b = buffers[slot];
        if (b == null) {
            b = engine.allocateColumnBuffer();
            buffers[slot] = b;
        }
        return b;
    }
}
