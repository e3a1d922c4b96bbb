package org.orion.raid.stripe;

import java.nio.ByteBuffer;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * One piece of a client request confined to one stripe and one column range of its chunks. Each
 * kind (parity, mirror, flush) is a state machine driven by member completions. Pooled; handler
 * thread only.
 */
abstract class StripeOp {
    final StripeEngine engine;
    /**
     * One reusable request per member slot, plus one (index {@code members}) for the rebuild target;
     * an operation has at most one I/O per member at a time.
     */
    final IoRequest[] memberRequests;
    /**
     * Where the rebuild-target request ({@code memberRequests[members]}) went: the slot being rebuilt
     * and the target's device. Its completion may come back after the rebuild has completed and the
     * target holds that slot, or after it was abandoned (see {@link StripeEngine#targetFailed}).
     */
    int targetSlot = -1;
    BlockDevice targetDevice;

    ArrayOp owner;
    long stripe;
    /** Chunk-relative first byte of the column range. */
    int column;
    int lengthBytes;
    int firstBlock;
    int lastBlock;
    int outstanding;
    boolean holdsLock;
    IoStatus failure;
    /** FIFO link while waiting for the stripe's lock. */
    StripeOp nextWaiter;
    /** Free-list link. */
    StripeOp nextFree;

    StripeOp(StripeEngine engine, int members) {
        this.engine = engine;
        this.memberRequests = new IoRequest[members + 1];
        for (int i = 0; i <= members; i++) {
            memberRequests[i] = new IoRequest();
        }
    }

    void setup(ArrayOp owner, long stripe, int column, int lengthBytes, int firstBlock, int lastBlock) {
        this.owner = owner;
        this.stripe = stripe;
        this.column = column;
        this.lengthBytes = lengthBytes;
        this.firstBlock = firstBlock;
        this.lastBlock = lastBlock;
        this.outstanding = 0;
        this.holdsLock = false;
        this.failure = null;
        this.nextWaiter = null;
    }

    /** Begins work; may finish at once. */
    abstract void start();

    /** The stripe lock this operation waited for is now held. */
    abstract void lockGranted();

    /** One of this operation's member requests finished. */
    abstract void memberDone(int slot, IoStatus status);

    /**
     * A write to the rebuild target finished. Its failure never fails the client request (the
     * array's own members hold the data); the engine abandons the rebuild instead, or, when the
     * rebuild completed while the write was in flight, marks the slot's new member faulty.
     */
    void targetDone(IoStatus status) {
        outstanding--;
        if (status != IoStatus.OK) {
            engine.targetFailed(targetSlot, targetDevice, status);
        }
    }

    /** Continues after a target write finished (the same step a member write's completion takes). */
    abstract void afterTargetDone();

    /**
     * One member write of a write-only operation (a full-stripe or batched write) completed: a
     * member whose write failed is marked faulty, and the operation fails when that leaves the
     * stripe beyond its redundancy. True when nothing is outstanding any more.
     */
    boolean writeDone(int slot, IoStatus status) {
        outstanding--;
        if (status != IoStatus.OK) {
            engine.markFaulty(slot, status);
            int missing = engine.memberCount - Long.bitCount(engine.array.usableMask() & engine.allMembersMask);
            if (missing > engine.parityBlocks) {
                fail(status);
            }
        }
        return outstanding == 0;
    }

    /** Releases this operation's stripe lock if it holds it (the next waiter on the stripe runs). */
    void releaseLockIfHeld() {
        if (holdsLock) {
            holdsLock = false;
            engine.releaseLock(this);
        }
    }

    void fail(IoStatus status) {
        if (failure == null && status != IoStatus.OK) {
            failure = status;
        }
    }

    /** The client buffer holding data block {@code block} at this operation's column. */
    ByteBuffer clientBuffer() {
        return owner.client.buffer();
    }

    int clientOffset(int block) {
        long arrayOffset = stripe * engine.stripeBytes + (long) block * engine.chunkBytes + column;
        return owner.bufferOffsetOf(arrayOffset);
    }
}
