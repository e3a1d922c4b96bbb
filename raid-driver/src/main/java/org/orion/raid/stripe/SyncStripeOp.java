package org.orion.raid.stripe;

import java.nio.ByteBuffer;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.raid.level.StripeMap;

/**
 * One column range of one stripe in a background pass, holding the stripe lock so client writes
 * cannot interleave.
 * <ul>
 *   <li>resync / check / repair: parity levels read every data block (and, to compare, P and Q),
 *       recompute parity and write or compare it; mirrors copy or compare their copies. A stripe
 *       with a missing or unreadable data member is skipped and counted.</li>
 *   <li>recover: rebuild the recovering slot's block onto the new member: copied from the old
 *       member during a hot replace, otherwise reconstructed from the others; a reconstructed
 *       block is decoded back (the other syndrome recomputed and compared) before it is written.</li>
 * </ul>
 */
final class SyncStripeOp extends StripeOp {
    private static final int PHASE_READ = 1;
    private static final int PHASE_WRITE = 2;
    /**
     * A reconstructed piece is rebuilt and checked this much at a time, so the check re-reads
     * bytes still in the CPU cache instead of streaming the whole piece from memory twice.
     */
    private static final int VERIFY_SEGMENT_BYTES = 16 * 1024;

    private final StripeMap map;
    private final ByteBuffer[] buffers;
    private final ByteBuffer[] blockBuffers;
    private final int[] blockOffsets;
    private final int[] unknown = new int[3];
    private final Reconstruction reconstruction;
    private ByteBuffer expectedP;
    private ByteBuffer expectedQ;
    private SyncKind kind;
    /** In flight (engine bookkeeping for the checkpoint). */
    boolean busy;
    private int phase;
    private boolean unreadable;
    private boolean mismatch;
    private int sourceCopy;
    private int rebuildSlot;
    /** Members whose read failed, or whose range is recorded bad, in this operation. */
    private long failedReads;
    /** Members whose read in this piece failed with a media error. */
    private long mediaErrorReads;

    SyncStripeOp(StripeEngine engine, int members) {
        super(engine, members);
        this.map = engine.layout.newStripeMap();
        this.buffers = new ByteBuffer[members];
        this.blockBuffers = new ByteBuffer[members];
        this.blockOffsets = new int[members];
        this.reconstruction = new Reconstruction(engine.kernels, members);
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
        failedReads = badMembers();
        mediaErrorReads = 0;
        long usable = engine.array.usableMask() & ~failedReads;
        long reads = kind == SyncKind.RECOVER ? recoveryReads(usable) : passReads(usable);
        if (reads < 0) {
            finish();
            return;
        }
        for (long m = reads; m != 0; m &= m - 1) {
            int slot = Long.numberOfTrailingZeros(m);
            engine.submitBackgroundRead(this, slot, memberOffset(slot), lengthBytes, buffer(slot));
        }
        if (outstanding == 0) {
            afterReads();
        }
    }

    /** Reads for resync/check/repair; -1 to skip the stripe. */
    private long passReads(long usable) {
        if (engine.parityBlocks > 0) {
            long data = dataMembers();
            if ((data & ~usable) != 0) {
                unreadable = true;
                return -1;
            }
            return kind == SyncKind.RESYNC ? data : data | (parityMembers() & usable);
        }
        long reads = 0;
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
        if (sourceCopy < 0) {
            // No copy of this block can be read (every one is gone or recorded bad: a RAID10 pair whose
            // member was rebuilt from a partner with lost ranges, both logs read at assembly, campaign
            // seed 5360): nothing to make the copies agree with. Skip it as unreadable, like a parity
            // stripe missing a data block; going on threw with the stripe locked and the pass, and
            // every request on the stripe, waited for ever.
            unreadable = true;
            return -1;
        }
        return reads;
    }

    /** Reads to rebuild the recovering slot here; 0 when the slot holds nothing in this stripe; -1 to skip. */
    private long recoveryReads(long usable) {
        rebuildSlot = engine.array.recoverySlot();
        if (rebuildSlot < 0) {
            return -1;
        }
        long slotBit = 1L << rebuildSlot;
        if (engine.parityBlocks == 0) {
            sourceCopy = -1;
            boolean holds = false;
            for (int c = 0; c < map.copies; c++) {
                int slot = map.member(0, c);
                holds |= slot == rebuildSlot;
                if (sourceCopy < 0 && (usable & (1L << slot)) != 0) {
                    sourceCopy = c;
                }
            }
            if (!holds) {
                return 0;
            }
            long copies = 0;
            for (int c = 0; c < map.copies; c++) {
                copies |= 1L << map.member(0, c);
            }
            return copies & usable;
        }
        // Everything readable, so that one failed read can be worked around without another round.
        return (dataMembers() | parityMembers()) & usable;
    }

    @Override
    void memberDone(int slot, IoStatus status) {
        outstanding--;
        if (status != IoStatus.OK) {
            if (phase == PHASE_READ) {
                failedReads |= 1L << slot;
                if (status == IoStatus.MEDIA_ERROR) {
                    mediaErrorReads |= 1L << slot;
                }
                if (kind != SyncKind.RECOVER) {
                    unreadable = true;
                }
            } else {
                engine.markFaulty(slot, status);
            }
        } else if (phase == PHASE_WRITE) {
            engine.array.clearBad(slot, memberOffset(slot), lengthBytes);
        }
        if (outstanding > 0) {
            return;
        }
        if (phase == PHASE_READ) {
            afterReads();
        } else {
            finish();
        }
    }

    @Override
    void afterTargetDone() {
        if (outstanding == 0) {
            finish();
        }
    }

    private void afterReads() {
        if (unreadable) {
            if (kind == SyncKind.RESYNC && engine.parityBlocks == 1) {
                distrustParity();
            }
            finish();
        } else if (kind == SyncKind.RECOVER) {
            rebuild();
        } else {
            compareAndWrite();
        }
    }

    /**
     * A resync (the array was not stopped cleanly) could not read a data block of this RAID4/5
     * stripe, so it cannot make P agree with the data. If a write was torn here at the crash, P is
     * stale, and the block solved from it would be wrong (campaign seed 8526; md reconstructs it
     * anyway). RAID5 has no second syndrome to tell, so P's range is recorded bad instead: the
     * unreadable block then reads as an error, never as made-up data, the stripe's readable blocks
     * are still served, and a write of the block heals both. (RAID6 checks a block solved from P
     * against Q on every read, so it needs no such record.)
     */
    private void distrustParity() {
        long lostData = mediaErrorReads & dataMembers();
        if (lostData == 0 || !usable(engine.array.usableMask(), map.pMember)) {
            return;
        }
        engine.array.distrust(map.pMember, memberOffset(map.pMember), lengthBytes);
        for (int k = 0; k < map.dataBlocks; k++) {
            if ((lostData & (1L << map.member(k, 0))) != 0) {
                engine.resyncLost(map.pMember, stripe * engine.stripeBytes + (long) k * engine.chunkBytes + column,
                        lengthBytes);
            }
        }
    }

    /** Produces the recovering slot's block in its buffer and writes it to the target. */
    private void rebuild() {
        phase = PHASE_WRITE;
        if (engine.array.recoverySlot() != rebuildSlot || engine.array.recoveryTarget() == null) {
            // The rebuild was abandoned while this piece read (its target failed a write): there is no
            // target to write any more. Finish, so the stripe lock is released and the pass can end;
            // writing would dereference a target that is gone, kill the piece with the lock held and
            // leave every later request on this stripe (and the pass) waiting for ever.
            finish();
            return;
        }
        long usable = engine.array.usableMask() & ~failedReads;
        int len = lengthBytes;
        if (engine.parityBlocks == 0) {
            if (!holdsRebuildSlot()) {
                finish();
                return;
            }
            int source = -1;
            if ((usable & (1L << rebuildSlot)) != 0) {
                source = rebuildSlot;
            } else {
                for (int c = 0; c < map.copies && source < 0; c++) {
                    if ((usable & (1L << map.member(0, c))) != 0) {
                        source = map.member(0, c);
                    }
                }
            }
            if (source < 0) {
                lost();
                return;
            }
            engine.submitBackgroundTarget(this, memberOffset(rebuildSlot), len, buffer(source));
            return;
        }
        if ((usable & (1L << rebuildSlot)) == 0 && !reconstructSlot(usable)) {
            lost();
            return;
        }
        engine.submitBackgroundTarget(this, memberOffset(rebuildSlot), len, buffer(rebuildSlot));
    }

    /**
     * Nothing left to rebuild this range from (RAID5 with an unreadable sector on a survivor, RAID6
     * with two members gone): record it as bad on the new member instead of writing made-up data,
     * and go on with the rest of the rebuild.
     */
    private void lost() {
        engine.array.recoveryLost(memberOffset(rebuildSlot), lengthBytes);
        // Report exactly the array bytes that cannot be read any more: every data block none of whose
        // copies is readable (on the rebuilt slot, on a survivor whose read failed here, or on a
        // member that is gone). Reporting only the rebuilt slot's data blocks missed a mirror whose
        // only source died during the rebuild (block 0 lives on copy 0, not on the rebuilt slot) and
        // a parity stripe where the rebuilt slot holds P or Q: the array then claimed nothing was
        // lost while reads there failed.
        long gone = (1L << rebuildSlot) | failedReads | ~engine.array.usableMask();
        for (int k = 0; k < map.dataBlocks; k++) {
            boolean readable = false;
            for (int c = 0; c < map.copies && !readable; c++) {
                readable = (gone & (1L << map.member(k, c))) == 0;
            }
            if (!readable) {
                engine.reportLost(stripe * engine.stripeBytes + (long) k * engine.chunkBytes + column, lengthBytes);
            }
        }
        unreadable = true;
        finish();
    }

    /**
     * Reconstructs the recovering slot's block (data, P or Q) and decodes it back: the syndromes
     * are recomputed from the data as now known and every one that was read must match (for RAID5
     * that is the XOR of all the blocks being zero; on RAID6 a block solved from P is checked
     * against Q). Done one cache-sized segment at a time, so the check costs little.
     */
    private boolean reconstructSlot(long usable) {
        int count = 0;
        int rebuildBlock = -1;
        for (int k = 0; k < map.dataBlocks; k++) {
            int slot = map.member(k, 0);
            if (slot == rebuildSlot) {
                rebuildBlock = k;
            }
            blockBuffers[k] = buffer(slot);
            if ((usable & (1L << slot)) == 0) {
                if (count == 2) {
                    return false;
                }
                unknown[count++] = k;
            }
        }
        boolean pOk = map.pMember >= 0 && (usable & (1L << map.pMember)) != 0;
        boolean qOk = map.qMember >= 0 && (usable & (1L << map.qMember)) != 0;
        ByteBuffer p = pOk ? buffer(map.pMember) : null;
        ByteBuffer q = qOk ? buffer(map.qMember) : null;
        ensureExpected();
        ByteBuffer checkQ = map.qMember >= 0 ? expectedQ : null;
        boolean consistent = true;
        for (int from = 0; from < lengthBytes; from += VERIFY_SEGMENT_BYTES) {
            int n = Math.min(VERIFY_SEGMENT_BYTES, lengthBytes - from);
            for (int k = 0; k < map.dataBlocks; k++) {
                blockOffsets[k] = from;
            }
            if (!reconstruction.solve(map, blockBuffers, blockOffsets, unknown, count, p, q, from, n)) {
                return false;
            }
            reconstruction.parity(map, blockBuffers, blockOffsets, expectedP, checkQ, from, n);
            boolean agrees = (!pOk || same(expectedP, p, from, n)) && (!qOk || same(expectedQ, q, from, n));
            if (!agrees && rebuildBlock >= 0) {
                segmentLost(rebuildBlock, from, n);
            }
            consistent &= agrees;
        }
        if (rebuildSlot == map.pMember) {
            copy(expectedP, buffer(rebuildSlot));
        } else if (rebuildSlot == map.qMember) {
            copy(expectedQ, buffer(rebuildSlot));
        }
        if (!consistent && rebuildBlock < 0) {
            // A rebuilt P or Q is computed from the data, md's way; the disagreement is counted.
            mismatch = true;
        }
        return true;
    }

    /**
     * The data block solved for the rebuilt slot failed its decode-back check in this segment: the
     * stripe is inconsistent (a write a crash tore, or a survivor silently corrupted) and the block
     * cannot be known. It is recorded lost on the new member (reads there fail; a write heals it)
     * instead of being trusted; the bytes still written there are never read.
     */
    private void segmentLost(int block, int from, int n) {
        engine.array.recoveryLost(memberOffset(rebuildSlot) + from, n);
        engine.reportLost(stripe * engine.stripeBytes + (long) block * engine.chunkBytes + column + from, n);
        unreadable = true;
    }

    private void compareAndWrite() {
        phase = PHASE_WRITE;
        long usable = engine.array.usableMask();
        int len = lengthBytes;
        if (engine.parityBlocks > 0) {
            for (int k = 0; k < map.dataBlocks; k++) {
                blockBuffers[k] = buffer(map.member(k, 0));
                blockOffsets[k] = 0;
            }
            ensureExpected();
            reconstruction.parity(map, blockBuffers, blockOffsets, expectedP, map.qMember >= 0 ? expectedQ : null, len);
            boolean pBad = usable(usable, map.pMember) && (kind == SyncKind.RESYNC
                    || !same(expectedP, buffer(map.pMember), len));
            boolean qBad = map.qMember >= 0 && usable(usable, map.qMember) && (kind == SyncKind.RESYNC
                    || !same(expectedQ, buffer(map.qMember), len));
            mismatch = kind != SyncKind.RESYNC && (pBad || qBad);
            if (mismatch && map.qMember >= 0 && usable(usable, map.pMember) && usable(usable, map.qMember)
                    && locateAndRepair(pBad, qBad)) {
                if (outstanding == 0) {
                    finish();
                }
                return;
            }
            if (kind != SyncKind.CHECK) {
                if (pBad) {
                    engine.submitBackgroundWrite(this, map.pMember, map.parityOffsetBytes + column, len, expectedP);
                }
                if (qBad) {
                    engine.submitBackgroundWrite(this, map.qMember, map.parityOffsetBytes + column, len, expectedQ);
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
                    engine.submitBackgroundWrite(this, slot, memberOffset(slot), len, buffer(source));
                }
            }
        }
        if (outstanding == 0) {
            finish();
        }
    }

    /** Members of this stripe whose range here is recorded bad. */
    private long badMembers() {
        long mask = 0;
        if (!engine.array.anyBad()) {
            return 0;
        }
        for (int slot = 0; slot < engine.memberCount; slot++) {
            if (engine.array.isBad(slot, memberOffset(slot), lengthBytes)) {
                mask |= 1L << slot;
            }
        }
        return mask;
    }

    /**
     * RAID6: with D the data as read, P and Q as read, and P', Q' recomputed from D, one corrupted
     * block leaves a signature: only P wrong (P is bad), only Q wrong (Q is bad), or both wrong with
     * Q^Q' = g^z (P^P') at every byte, where z is the corrupted data block's Q exponent. Names the
     * member, and on repair rewrites exactly that member's bytes.
     *
     * @return true if it handled the column (reported, and repaired when asked)
     */
    private boolean locateAndRepair(boolean pBad, boolean qBad) {
        int len = lengthBytes;
        long rowStart = stripe * engine.stripeBytes;
        boolean repair = kind == SyncKind.REPAIR;
        if (pBad != qBad) {
            int slot = pBad ? map.pMember : map.qMember;
            engine.recordFinding(rowStart + column, rowStart + engine.stripeBytes, slot, pBad ? "P" : "Q", repair);
            if (repair) {
                engine.submitMember(this, slot, IoOp.WRITE, map.parityOffsetBytes + column, len,
                        pBad ? expectedP : expectedQ, 0, IoRequest.FLAG_FUA);
            }
            return true;
        }
        ByteBuffer p = buffer(map.pMember);
        ByteBuffer q = buffer(map.qMember);
        int exponent = -1;
        for (int i = 0; i < len; i++) {
            int pe = (p.get(i) ^ expectedP.get(i)) & 0xff;
            int qe = (q.get(i) ^ expectedQ.get(i)) & 0xff;
            if (pe == 0 && qe == 0) {
                continue;
            }
            if (pe == 0 || qe == 0) {
                exponent = -2;
                break;
            }
            int z = Math.floorMod(org.orion.raid.parity.GaloisField.log(qe) - org.orion.raid.parity.GaloisField.log(pe), 255);
            if (exponent == -1) {
                exponent = z;
            } else if (exponent != z) {
                exponent = -2;
                break;
            }
        }
        int block = -1;
        for (int k = 0; k < map.dataBlocks && exponent >= 0; k++) {
            if (map.qExponent[k] == exponent) {
                block = k;
            }
        }
        if (block < 0) {
            engine.recordFinding(rowStart + column, rowStart + engine.stripeBytes, -1, "unlocatable", false);
            return false;
        }
        int slot = map.member(block, 0);
        long start = rowStart + (long) block * engine.chunkBytes + column;
        engine.recordFinding(start, start + len, slot, "data", repair);
        if (repair) {
            // The data error is exactly P ^ P': fold it back into the block.
            ByteBuffer d = buffer(slot);
            for (int i = 0; i < len; i++) {
                d.put(i, (byte) (d.get(i) ^ p.get(i) ^ expectedP.get(i)));
            }
            // FUA: a correction lost from a volatile cache by a power cut brings the corrupted bytes
            // back, and the resync after that cut would fold them into P and Q for good.
            engine.submitMember(this, slot, IoOp.WRITE, map.offsetBytes(block, 0) + column, len, d, 0,
                    IoRequest.FLAG_FUA);
        }
        return true;
    }

    private boolean holdsRebuildSlot() {
        for (int c = 0; c < map.copies; c++) {
            if (map.member(0, c) == rebuildSlot) {
                return true;
            }
        }
        return false;
    }

    /** Allocates every buffer this piece may need ahead of its first use. */
    void prepareBuffers() {
        for (int slot = 0; slot < buffers.length; slot++) {
            buffer(slot);
        }
        ensureExpected();
    }

    private void ensureExpected() {
        if (expectedP == null) {
            expectedP = engine.allocateSyncBuffer();
            expectedQ = engine.parityBlocks > 1 ? engine.allocateSyncBuffer() : null;
        }
    }

    private void finish() {
        releaseLockIfHeld();
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

    private void copy(ByteBuffer from, ByteBuffer to) {
        for (int i = 0; i < lengthBytes; i += 8) {
            to.putLong(i, from.getLong(i));
        }
    }

    /** Compares the first {@code len} bytes of two of our own buffers without allocating. */
    private static boolean same(ByteBuffer a, ByteBuffer b, int len) {
        return same(a, b, 0, len);
    }

    /** Compares bytes {@code [from, from + len)} of two of our own buffers without allocating. */
    private static boolean same(ByteBuffer a, ByteBuffer b, int from, int len) {
        a.limit(from + len).position(from);
        b.limit(from + len).position(from);
        boolean equal = a.mismatch(b) < 0;
        a.position(0).limit(a.capacity());
        b.position(0).limit(b.capacity());
        return equal;
    }

    private static boolean usable(long usable, int slot) {
        return slot >= 0 && (usable & (1L << slot)) != 0;
    }

    private ByteBuffer buffer(int slot) {
        ByteBuffer b = buffers[slot];
        if (b == null) {
            b = engine.allocateSyncBuffer();
            buffers[slot] = b;
        }
        return b;
    }
}
