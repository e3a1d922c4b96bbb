package org.orion.raid.stripe;

import java.nio.ByteBuffer;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoStatus;
import org.orion.raid.level.StripeMap;
import org.orion.raid.parity.GaloisField;
import org.orion.raid.parity.ParityKernels;

/**
 * A read or write of data blocks {@code firstBlock..lastBlock} of one RAID4/5/6 stripe, over one
 * column range. The plan follows md: a healthy read goes straight to the data members; a write
 * chooses full-stripe, read-modify-write or reconstruct-write by how many reads each needs; when a
 * member is missing or a read fails the operation reconstructs from P (and Q) under the stripe lock,
 * and afterwards rewrites the member ranges that returned media errors.
 *
 * <pre>
 *   DIRECT_READ --read error--> (lock) RECON_READ --solve--> rewrite errored ranges --> done
 *   write: (lock) FULL | RMW | RCW | RECON_WRITE --reads--> compute P/Q --> write data+P+Q --> done
 *                   RMW/RCW --read error--> RECON_WRITE
 * </pre>
 *
 * Member masks are bit sets over member slots (arrays have at most 64 members).
 */
final class ParityStripeOp extends StripeOp {
    private static final int DIRECT_READ = 1;
    private static final int RECON_READ = 2;
    private static final int FULL = 3;
    private static final int RMW = 4;
    private static final int RCW = 5;
    private static final int RECON_WRITE = 6;

    private static final int PHASE_READ = 1;
    private static final int PHASE_WRITE = 2;
    private static final int PHASE_LOCK_WAIT = 3;

    private final StripeMap map;
    private final ByteBuffer[] memberBuffers;
    private final int[] unknown = new int[3];
    private final ByteBuffer[] blockBuffers;
    private final int[] blockOffsets;
    private final Reconstruction reconstruction;
    /** Scratch for checkSolvedRead; allocated on first use. */
    private ByteBuffer checkP;
    private ByteBuffer checkQ;

    private boolean write;
    /** A write that leaves distrusted parity alone ({@link #parityDistrusted}). */
    private boolean dataOnly;
    private boolean zeroes;
    private int flags;
    private int mode;
    private int phase;
    /** Members whose content for this column is valid in its buffer (or in the client buffer). */
    private long have;
    /** Members with a read in flight. */
    private long reading;
    /** Members whose read failed in this operation (not read again). */
    private long unreadable;
    /** Members whose read failed with a media error: rewrite their range from redundancy. */
    private long mediaErrors;
    /** Members written successfully in the write phase (for the rewrite events). */
    private long rewritten;
    /** Read only: members whose content this operation knows, so their bad ranges may be rewritten. */
    private long healable;

    ParityStripeOp(StripeEngine engine, int members, int dataBlocks) {
        super(engine, members);
        this.map = engine.layout.newStripeMap();
        this.memberBuffers = new ByteBuffer[members];
        this.blockBuffers = new ByteBuffer[dataBlocks];
        this.blockOffsets = new int[dataBlocks];
        this.reconstruction = new Reconstruction(engine.kernels, members);
    }

    @Override
    void start() {
        engine.layout.map(stripe, map);
        IoOp op = owner.op();
        write = op == IoOp.WRITE || op == IoOp.WRITE_ZEROES;
        dataOnly = false;
        zeroes = op == IoOp.WRITE_ZEROES;
        flags = owner.client.flags();
        have = 0;
        reading = 0;
        // Ranges recorded bad (a rebuild could not reconstruct them) are never read: they count as
        // unreadable, and are rewritten from redundancy when it can be had, which heals them.
        unreadable = badMembers() | owner.mediaErrorMembers;
        mediaErrors = unreadable;
        rewritten = 0;
        healable = 0;
        if (!write && allRequestedMembersReadable()) {
            mode = DIRECT_READ;
            phase = PHASE_READ;
            issueReads();
            return;
        }
        lockThenPlan();
    }

    private void lockThenPlan() {
        if (!holdsLock && !engine.locks.acquire(stripe, this)) {
            phase = PHASE_LOCK_WAIT;
            return;
        }
        holdsLock = true;
        plan();
    }

    @Override
    void lockGranted() {
        holdsLock = true;
        plan();
    }

    /** Picks the mode from what is usable now, then issues the reads it needs. */
    private void plan() {
        phase = PHASE_READ;
        // Content read before we held the lock may predate a write that finished since: start over.
        have = 0;
        dataOnly = false;
        if (missingInRow() > engine.parityBlocks) {
            fail(IoStatus.NO_DEVICE);
            finish();
            return;
        }
        if (write) {
            int written = lastBlock - firstBlock + 1;
            if (unreadable != 0 || missingInRow() > 0) {
                mode = RECON_WRITE;
            } else if (written == map.dataBlocks) {
                mode = FULL;
            } else {
                int rmwReads = written + engine.parityBlocks;
                int rcwReads = map.dataBlocks - written;
                mode = rmwReads < rcwReads ? RMW : RCW;
            }
        } else {
            mode = RECON_READ;
        }
        issueReads();
    }

    @Override
    void afterTargetDone() {
        if (outstanding == 0) {
            reportCorrections();
            finish();
        }
    }

    @Override
    void memberDone(int slot, IoStatus status) {
        outstanding--;
        long bit = 1L << slot;
        if (phase == PHASE_READ) {
            reading &= ~bit;
            if (status == IoStatus.OK) {
                have |= bit;
            } else {
                unreadable |= bit;
                if (status == IoStatus.MEDIA_ERROR) {
                    mediaErrors |= bit;
                    engine.countMemberReadError();
                } else {
                    engine.markFaulty(slot, status);
                }
            }
            if (outstanding == 0) {
                afterReads();
            }
        } else {
            if (status == IoStatus.OK) {
                rewritten |= bit;
                engine.array.clearBad(slot, memberOffsetOf(slot), lengthBytes);
            } else {
                engine.markFaulty(slot, status);
                if (write && !engine.array.isUsable(slot) && missingInRow() > engine.parityBlocks) {
                    fail(status);
                }
            }
            if (outstanding == 0) {
                reportCorrections();
                finish();
            }
        }
    }

    private void afterReads() {
        if (unreadable == 0 || mode == RECON_READ || mode == RECON_WRITE) {
            issueReads(); // issues what the mode still needs, or computes when nothing is left to read
            return;
        }
        // A read failed in a direct, RMW or RCW plan: reconstruct under the lock instead.
        if (write) {
            mode = RECON_WRITE;
            have = 0;
            issueReads();
        } else {
            lockThenPlan();
        }
    }

    private void issueReads() {
        long needed = readSet();
        if (needed < 0) {
            return;
        }
        needed &= ~have & ~reading;
        for (long m = needed; m != 0; m &= m - 1) {
            int slot = Long.numberOfTrailingZeros(m);
            reading |= 1L << slot;
            readMember(slot);
        }
        if (outstanding == 0 && phase == PHASE_READ) {
            compute();
        }
    }

    /** Members this mode must read, or -1 after failing the operation because it cannot be served. */
    private long readSet() {
        long usable = readableMask();
        long requested = requestedMembers();
        switch (mode) {
            case DIRECT_READ:
                return requested;
            case FULL:
                return 0;
            case RMW:
                return requested | parityMembers();
            case RCW:
                return allDataMembers() & ~requested;
            case RECON_WRITE: {
                long nonRequested = allDataMembers() & ~requested;
                if ((nonRequested & ~usable) == 0) {
                    return nonRequested;
                }
                if (parityDistrusted()) {
                    dataOnly = true;
                    return 0;
                }
                return reconstructionReads(usable);
            }
            case RECON_READ: {
                if ((requested & ~usable) == 0) {
                    return requested;
                }
                return reconstructionReads(usable);
            }
            default:
                throw new IllegalStateException("mode " + mode);
        }
    }

    /**
     * True when every parity block of this column range is recorded bad (a resync could not make it
     * agree with the data: SyncStripeOp#distrustParity; or a rebuild lost it), no rebuild runs and
     * every block the write covers has its member. A write whose other
     * blocks cannot be read then writes only its own blocks: parity stays recorded bad, so nothing is
     * ever solved from it, and the write is not refused for a stripe that has no redundancy left.
     */
    private boolean parityDistrusted() {
        long parity = parityMembers();
        // Every block written must land on its own member: one on a missing member could only be
        // kept in the parity, which this write does not touch (it would be lost: campaign seed 3489).
        return parity != 0 && engine.array.recoverySlot() < 0 && (badMembers() & parity) == parity
                && (requestedMembers() & ~engine.array.usableMask()) == 0;
    }

    /** Every readable data member plus the parity needed to solve the unreadable data blocks. */
    private long reconstructionReads(long usable) {
        long data = allDataMembers();
        int lost = Long.bitCount(data & ~usable);
        boolean pReadable = map.pMember >= 0 && (usable & (1L << map.pMember)) != 0;
        boolean qReadable = map.qMember >= 0 && (usable & (1L << map.qMember)) != 0;
        long reads = data & usable;
        if (lost == 1 && pReadable) {
            // A RAID6 read solving one block from P reads Q too, to check the answer (checkSolvedRead).
            return reads | (1L << map.pMember) | (!write && qReadable ? 1L << map.qMember : 0);
        }
        if (lost == 1 && qReadable) {
            return reads | (1L << map.qMember);
        }
        if (lost == 2 && pReadable && qReadable) {
            return reads | (1L << map.pMember) | (1L << map.qMember);
        }
        failUnsolvable();
        return -1;
    }

    /**
     * NO_DEVICE only when the members gone are more than the parity can stand in for on their own;
     * when an unreadable or recorded-bad range is what tips it over (RAID6 with a member gone and
     * a block a rebuild lost), the data there is lost where it lies: a media error, as for RAID5.
     */
    private void failUnsolvable() {
        fail(missingInRow() > engine.parityBlocks ? IoStatus.NO_DEVICE : IoStatus.MEDIA_ERROR);
        finish();
    }

    private void readMember(int slot) {
        int block = blockOfMember(slot);
        boolean intoClient = !write && block >= firstBlock && block <= lastBlock;
        long offset = (block >= 0 ? map.offsetBytes(block, 0) : map.parityOffsetBytes) + column;
        if (intoClient) {
            engine.submitMember(this, slot, IoOp.READ, offset, lengthBytes, clientBuffer(), clientOffset(block), 0);
        } else {
            engine.submitMember(this, slot, IoOp.READ, offset, lengthBytes, memberBuffer(slot), 0, 0);
        }
    }

    /** All reads are in: solve what is missing, compute parity, then write. */
    private void compute() {
        ParityKernels kernels = engine.kernels;
        long usable = readableMask();
        int len = lengthBytes;
        switch (mode) {
            case DIRECT_READ:
                finish();
                return;
            case RECON_READ: {
                // Only what this read really knows may be rewritten over a bad range: the members it
                // read, the blocks it solved, and P/Q only when every data block is known. A read
                // served straight from readable members never read the other data blocks, so their
                // buffers hold stale bytes; writing those (or parity computed from them) over a
                // recorded-bad range and clearing it would turn a lost range into wrong data.
                long known = have;
                if ((requestedMembers() & ~usable) != 0) {
                    if (!solveLostData(usable, false) || !checkSolvedRead(usable)) {
                        return;
                    }
                    known |= allDataMembers();
                }
                if ((allDataMembers() & ~known) == 0) {
                    if ((mediaErrors & parityMembers()) != 0) {
                        computeParity(false);
                    }
                    known |= parityMembers();
                }
                healable = known;
                break;
            }
            case RMW:
                for (int k = firstBlock; k <= lastBlock; k++) {
                    int slot = map.member(k, 0);
                    ByteBuffer delta = memberBuffer(slot);
                    kernels.xorInto(newSource(k), newOffset(k), delta, 0, len);
                    kernels.xorInto(delta, 0, memberBuffer(map.pMember), 0, len);
                    if (map.qMember >= 0) {
                        kernels.mulXorInto(GaloisField.exp(map.qExponent[k]), delta, 0, memberBuffer(map.qMember), 0, len);
                    }
                }
                break;
            case FULL:
            case RCW:
                computeParity(true);
                break;
            case RECON_WRITE:
                if (dataOnly) {
                    break;
                }
                long nonRequested = allDataMembers() & ~requestedMembers();
                if ((nonRequested & ~usable) != 0 && !solveLostData(usable, true)) {
                    return;
                }
                computeParity(true);
                break;
            default:
                throw new IllegalStateException("mode " + mode);
        }
        issueWrites();
    }

    /** Solves the unreadable data blocks (old content) into their buffers; false if it failed the op. */
    private boolean solveLostData(long usable, boolean forWrite) {
        int lostCount = 0;
        for (int k = 0; k < map.dataBlocks; k++) {
            if ((usable & (1L << map.member(k, 0))) == 0) {
                if (lostCount == 2) {
                    failUnsolvable();
                    return false;
                }
                unknown[lostCount++] = k;
            }
            blockBuffers[k] = contentBuffer(k, false, forWrite);
            blockOffsets[k] = contentOffset(k, false, forWrite);
        }
        if (lostCount == 0) {
            return true;
        }
        boolean pOk = map.pMember >= 0 && (usable & (1L << map.pMember)) != 0;
        boolean qOk = map.qMember >= 0 && (usable & (1L << map.qMember)) != 0;
        if (!reconstruction.solve(map, blockBuffers, blockOffsets, unknown, lostCount,
                pOk ? memberBuffer(map.pMember) : null, qOk ? memberBuffer(map.qMember) : null, lengthBytes)) {
            failUnsolvable();
            return false;
        }
        engine.countReconstructions();
        return true;
    }

    /**
     * A RAID6 read that solved one data block from P decodes it back against Q. They disagree only
     * when the stripe itself is inconsistent: a write a crash tore, in a stripe the resync could not
     * make consistent because this very block was unreadable (campaign seed 9853: a latent sector
     * error, then a torn power loss). The block's content is then unknowable and the solution
     * garbage, so the read fails with a media error and nothing is rewritten: never wrong data.
     * False if it failed the operation.
     */
    private boolean checkSolvedRead(long usable) {
        long lostData = allDataMembers() & ~usable;
        if (map.qMember < 0 || Long.bitCount(lostData) != 1 || (usable & (1L << map.pMember)) == 0
                || (usable & (1L << map.qMember)) == 0) {
            return true;
        }
        if (checkP == null) {
            // Once per operation object, on the first such read (rare: media errors, degraded RAID6).
            checkP = engine.allocateColumnBuffer();
            checkQ = engine.allocateColumnBuffer();
        }
        reconstruction.parity(map, blockBuffers, blockOffsets, checkP, checkQ, lengthBytes);
        ByteBuffer q = memberBuffer(map.qMember);
        checkQ.limit(lengthBytes).position(0);
        q.limit(lengthBytes).position(0);
        boolean consistent = checkQ.mismatch(q) < 0;
        checkQ.clear();
        q.clear();
        if (consistent) {
            return true;
        }
        engine.countInconsistentRead();
        fail(IoStatus.MEDIA_ERROR);
        finish();
        return false;
    }

    /** P (and Q) of the current data (new data for written blocks when {@code newData}). */
    private void computeParity(boolean newData) {
        for (int k = 0; k < map.dataBlocks; k++) {
            blockBuffers[k] = contentBuffer(k, newData, write);
            blockOffsets[k] = contentOffset(k, newData, write);
        }
        reconstruction.parity(map, blockBuffers, blockOffsets, memberBuffer(map.pMember),
                map.qMember >= 0 ? memberBuffer(map.qMember) : null, lengthBytes);
    }

    /**
     * Where data block {@code k}'s content lives: the new data of a written block (client buffer or
     * zeroes) when {@code newData}; for a read, requested blocks live in the client buffer;
     * everything else in the member's buffer.
     */
    private ByteBuffer contentBuffer(int k, boolean newData, boolean forWrite) {
        boolean requested = k >= firstBlock && k <= lastBlock;
        if (requested && (newData || !forWrite)) {
            return newSource(k);
        }
        return memberBuffer(map.member(k, 0));
    }

    private int contentOffset(int k, boolean newData, boolean forWrite) {
        boolean requested = k >= firstBlock && k <= lastBlock;
        if (requested && (newData || !forWrite)) {
            return newOffset(k);
        }
        return 0;
    }

    private ByteBuffer newSource(int k) {
        return zeroes ? engine.zeroBuffer : clientBuffer();
    }

    private int newOffset(int k) {
        return zeroes ? 0 : clientOffset(k);
    }

    private void issueWrites() {
        phase = PHASE_WRITE;
        rewritten = 0;
        long targets;
        long usable = engine.array.usableMask();
        if (write && dataOnly) {
            targets = requestedMembers() & usable;
            // The parity no longer matches any of this range now, so all of it is recorded bad
            // (part of it may have been healed by an earlier write: leaving that part trusted
            // would let a later read solve a block from stale parity, campaign seed 3489).
            for (long m = parityMembers(); m != 0; m &= m - 1) {
                int slot = Long.numberOfTrailingZeros(m);
                engine.array.distrust(slot, memberOffsetOf(slot), lengthBytes);
            }
        } else if (write) {
            targets = (requestedMembers() | parityMembers() | (mediaErrors & allDataMembers())) & usable;
        } else {
            targets = mediaErrors & usable & healable;
        }
        int writeFlags = write ? flags : 0;
        int rebuilding = engine.array.recoverySlot();
        if (write && rebuilding >= 0 && engine.targetCovers(stripe, column)) {
            // The slot being rebuilt is already rebuilt here: keep its new member current.
            int block = blockOfMember(rebuilding);
            boolean requested = block >= firstBlock && block <= lastBlock;
            boolean parity = block < 0;
            if (requested || parity) {
                long offset = (block >= 0 ? map.offsetBytes(block, 0) : map.parityOffsetBytes) + column;
                if (requested) {
                    engine.submitTarget(this, IoOp.WRITE, offset, lengthBytes, newSource(block), newOffset(block), writeFlags);
                } else {
                    // P or Q: computed into the slot's buffer whether or not the old member is usable.
                    engine.submitTarget(this, IoOp.WRITE, offset, lengthBytes, memberBuffer(rebuilding), 0, writeFlags);
                }
            }
        }
        for (long m = targets; m != 0; m &= m - 1) {
            int slot = Long.numberOfTrailingZeros(m);
            int block = blockOfMember(slot);
            long offset = (block >= 0 ? map.offsetBytes(block, 0) : map.parityOffsetBytes) + column;
            boolean requested = block >= firstBlock && block <= lastBlock;
            if (block >= 0 && requested) {
                engine.submitMember(this, slot, IoOp.WRITE, offset, lengthBytes, newSource(block),
                        write ? newOffset(block) : clientOffset(block), writeFlags);
            } else {
                engine.submitMember(this, slot, IoOp.WRITE, offset, lengthBytes, memberBuffer(slot), 0, writeFlags);
            }
        }
        if (outstanding == 0) {
            reportCorrections();
            finish();
        }
    }

    private void reportCorrections() {
        // A read reports only the ranges it served or could rebuild, not bad ranges it never touched.
        for (long m = write ? mediaErrors : mediaErrors & healable; m != 0; m &= m - 1) {
            int slot = Long.numberOfTrailingZeros(m);
            int block = blockOfMember(slot);
            long offset = (block >= 0 ? map.offsetBytes(block, 0) : map.parityOffsetBytes) + column;
            engine.readErrorCorrected(slot, offset, lengthBytes, (rewritten & (1L << slot)) != 0);
        }
    }

    private void finish() {
        releaseLockIfHeld();
        engine.stripeOpDone(this);
    }

    private boolean allRequestedMembersReadable() {
        return (requestedMembers() & ~readableMask()) == 0;
    }

    /** Members of this stripe whose range at this column is recorded bad; 0 at once when none is. */
    private long badMembers() {
        long mask = 0;
        if (!engine.array.anyBad()) {
            return 0;
        }
        for (int slot = 0; slot < engine.memberCount; slot++) {
            if (engine.array.isBad(slot, memberOffsetOf(slot), lengthBytes)) {
                mask |= 1L << slot;
            }
        }
        return mask;
    }

    private long memberOffsetOf(int slot) {
        int block = blockOfMember(slot);
        return (block >= 0 ? map.offsetBytes(block, 0) : map.parityOffsetBytes) + column;
    }

    private int missingInRow() {
        return engine.memberCount - Long.bitCount(engine.array.usableMask() & engine.allMembersMask);
    }

    private long readableMask() {
        return engine.array.usableMask() & ~unreadable;
    }

    private long requestedMembers() {
        long mask = 0;
        for (int k = firstBlock; k <= lastBlock; k++) {
            mask |= 1L << map.member(k, 0);
        }
        return mask;
    }

    private long allDataMembers() {
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

    /** The data block a member holds in this stripe, or -1 for P or Q. */
    private int blockOfMember(int slot) {
        for (int k = 0; k < map.dataBlocks; k++) {
            if (map.member(k, 0) == slot) {
                return k;
            }
        }
        return -1;
    }

    private ByteBuffer memberBuffer(int slot) {
        ByteBuffer b = memberBuffers[slot];
        if (b == null) {
            b = engine.allocateColumnBuffer();
            memberBuffers[slot] = b;
        }
        return b;
    }
}
