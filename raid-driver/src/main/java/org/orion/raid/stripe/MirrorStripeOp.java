package org.orion.raid.stripe;

import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoStatus;
import org.orion.raid.level.StripeMap;

/**
 * A read or write of one chunk range on a level without parity (RAID0, RAID1, RAID10): the chunk
 * has one or more copies on distinct members. Reads go to one copy (rotating for balance) and fall
 * back to the others; a copy that returned a media error is rewritten from a good one (md's
 * read-error correction). Writes go to every usable copy. With more than one copy, writes and
 * repairs hold the stripe lock so that copies never diverge under overlapping writes.
 */
final class MirrorStripeOp extends StripeOp {
    private static final int PHASE_READ = 1;
    private static final int PHASE_WRITE = 2;
    private static final int PHASE_LOCK_WAIT = 3;

    private final StripeMap map;
    private IoOp op;
    private int phase;
    /** Copies (by index) that failed to read in this operation. */
    private long failedCopies;
    /** Copies whose read failed with a media error: rewrite them once a good copy is read. */
    private long mediaErrorCopies;
    private long rewrittenCopies;
    private int readingCopy;
    private int copiesWritten;

    MirrorStripeOp(StripeEngine engine, int members) {
        super(engine, members);
        this.map = engine.layout.newStripeMap();
    }

    @Override
    void start() {
        engine.layout.map(stripe, map);
        op = owner.op();
        failedCopies = 0;
        mediaErrorCopies = 0;
        rewrittenCopies = 0;
        copiesWritten = 0;
        if (op == IoOp.READ && owner.mediaErrorMembers != 0) {
            // A direct read of one copy already failed (FastReads): as after a failed first read,
            // read another copy under the lock and rewrite the failed one from it.
            seedMediaErrors(owner.mediaErrorMembers);
            if (map.copies > 1) {
                lockThen();
            } else {
                phase = PHASE_READ;
                readNextCopy();
            }
        } else if (op == IoOp.READ) {
            phase = PHASE_READ;
            readNextCopy();
        } else if (map.copies > 1) {
            lockThen();
        } else {
            writeAll();
        }
    }

    private void lockThen() {
        if (!holdsLock && !engine.locks.acquire(stripe, this)) {
            phase = PHASE_LOCK_WAIT;
            return;
        }
        holdsLock = true;
        continueAfterLock();
    }

    @Override
    void lockGranted() {
        holdsLock = true;
        continueAfterLock();
    }

    private void continueAfterLock() {
        if (op == IoOp.READ) {
            phase = PHASE_READ;
            readNextCopy();
        } else {
            writeAll();
        }
    }

    /** Reads from the next usable copy that has not failed; fails the op when none is left. */
    private void readNextCopy() {
        int copies = map.copies;
        // Stripe number plus a per-request rotation: neighbouring chunks use different copies, and
        // the same chunk read by successive requests uses different copies too.
        int start = owner.firstReadSlot >= 0 ? copyOfOrZero(owner.firstReadSlot)
                : (int) ((stripe + owner.readRotation) % copies);
        for (int i = 0; i < copies; i++) {
            int c = (start + i) % copies;
            int slot = map.member(firstBlock, c);
            if ((failedCopies & (1L << c)) == 0 && engine.array.isUsable(slot)
                    && engine.array.isBad(slot, map.offsetBytes(firstBlock, c) + column, lengthBytes)) {
                // Recorded bad (a rebuild could not fill it): never read, rewritten from a good copy.
                failedCopies |= 1L << c;
                mediaErrorCopies |= 1L << c;
            }
            if ((failedCopies & (1L << c)) == 0 && engine.array.isUsable(slot)) {
                readingCopy = c;
                engine.submitMember(this, slot, IoOp.READ, map.offsetBytes(firstBlock, c) + column, lengthBytes,
                        clientBuffer(), clientOffset(firstBlock), 0);
                return;
            }
        }
        boolean anyMediaError = mediaErrorCopies != 0;
        fail(anyMediaError ? IoStatus.MEDIA_ERROR : IoStatus.NO_DEVICE);
        finish();
    }

    private void writeAll() {
        phase = PHASE_WRITE;
        boolean zeroes = op == IoOp.WRITE_ZEROES;
        for (int c = 0; c < map.copies; c++) {
            int slot = map.member(firstBlock, c);
            if (!engine.array.isUsable(slot)) {
                continue;
            }
            long offset = map.offsetBytes(firstBlock, c) + column;
            if (op == IoOp.WRITE) {
                engine.submitMember(this, slot, IoOp.WRITE, offset, lengthBytes, clientBuffer(), clientOffset(firstBlock),
                        owner.client.flags());
            } else {
                engine.submitMember(this, slot, zeroes ? IoOp.WRITE_ZEROES : IoOp.DISCARD, offset, lengthBytes, null, 0,
                        owner.client.flags());
            }
        }
        int rebuilding = engine.array.recoverySlot();
        if (rebuilding >= 0 && engine.targetCovers(stripe, column)) {
            for (int c = 0; c < map.copies; c++) {
                if (map.member(firstBlock, c) != rebuilding) {
                    continue;
                }
                long offset = map.offsetBytes(firstBlock, c) + column;
                if (op == IoOp.WRITE) {
                    engine.submitTarget(this, IoOp.WRITE, offset, lengthBytes, clientBuffer(), clientOffset(firstBlock),
                            owner.client.flags());
                } else {
                    engine.submitTarget(this, zeroes ? IoOp.WRITE_ZEROES : IoOp.DISCARD, offset, lengthBytes, null, 0,
                            owner.client.flags());
                }
            }
        }
        if (outstanding == 0) {
            fail(IoStatus.NO_DEVICE);
            finish();
        }
    }

    @Override
    void afterTargetDone() {
        if (outstanding == 0) {
            if (op != IoOp.READ && copiesWritten == 0) {
                fail(IoStatus.NO_DEVICE);
            }
            if (op == IoOp.READ) {
                reportCorrections();
            }
            finish();
        }
    }

    @Override
    void memberDone(int slot, IoStatus status) {
        outstanding--;
        if (phase == PHASE_READ) {
            onReadDone(slot, status);
            return;
        }
        if (op == IoOp.READ) {
            // Rewrites of bad copies after a successful read: the read itself already succeeded.
            int copy = copyOf(slot);
            if (status == IoStatus.OK) {
                rewrittenCopies |= 1L << copy;
                engine.array.clearBad(slot, map.offsetBytes(firstBlock, copy) + column, lengthBytes);
            } else {
                engine.markFaulty(slot, status);
            }
            if (outstanding == 0) {
                reportCorrections();
                finish();
            }
            return;
        }
        if (status == IoStatus.OK) {
            copiesWritten++;
            engine.array.clearBad(slot, map.offsetBytes(firstBlock, copyOf(slot)) + column, lengthBytes);
        } else if (op != IoOp.DISCARD) {
            engine.markFaulty(slot, status);
        }
        if (outstanding == 0) {
            if (copiesWritten == 0) {
                fail(status == IoStatus.OK ? IoStatus.NO_DEVICE : status);
            }
            finish();
        }
    }

    private void onReadDone(int slot, IoStatus status) {
        if (status == IoStatus.OK) {
            if (mediaErrorCopies == 0) {
                finish();
                return;
            }
            rewriteBadCopies();
            return;
        }
        failedCopies |= 1L << readingCopy;
        if (status == IoStatus.MEDIA_ERROR) {
            mediaErrorCopies |= 1L << readingCopy;
            engine.countMemberReadError();
        } else {
            engine.markFaulty(slot, status);
        }
        if (map.copies > 1 && !holdsLock) {
            // Re-read under the lock so the repair cannot race a write to the same chunk.
            lockThen();
        } else {
            readNextCopy();
        }
    }

    private void rewriteBadCopies() {
        phase = PHASE_WRITE;
        for (long m = mediaErrorCopies; m != 0; m &= m - 1) {
            int c = Long.numberOfTrailingZeros(m);
            int slot = map.member(firstBlock, c);
            if (engine.array.isUsable(slot)) {
                engine.submitMember(this, slot, IoOp.WRITE, map.offsetBytes(firstBlock, c) + column, lengthBytes,
                        clientBuffer(), clientOffset(firstBlock), 0);
            }
        }
        if (outstanding == 0) {
            reportCorrections();
            finish();
        }
    }

    private void reportCorrections() {
        for (long m = mediaErrorCopies; m != 0; m &= m - 1) {
            int c = Long.numberOfTrailingZeros(m);
            engine.readErrorCorrected(map.member(firstBlock, c), map.offsetBytes(firstBlock, c) + column, lengthBytes,
                    (rewrittenCopies & (1L << c)) != 0);
        }
    }

    private void seedMediaErrors(long members) {
        for (int c = 0; c < map.copies; c++) {
            if ((members & (1L << map.member(firstBlock, c))) != 0) {
                failedCopies |= 1L << c;
                mediaErrorCopies |= 1L << c;
            }
        }
    }

    /** The copy {@code slot} holds of this operation's block, or copy 0 if it holds none. */
    private int copyOfOrZero(int slot) {
        int c = copyIndex(slot);
        return c < 0 ? 0 : c;
    }

    private int copyOf(int slot) {
        int c = copyIndex(slot);
        if (c < 0) {
            throw new IllegalStateException("member " + slot + " holds no copy of stripe " + stripe);
        }
        return c;
    }

    private int copyIndex(int slot) {
        for (int c = 0; c < map.copies; c++) {
            if (map.member(firstBlock, c) == slot) {
                return c;
            }
        }
        return -1;
    }

    private void finish() {
        releaseLockIfHeld();
        engine.stripeOpDone(this);
    }
}
