package org.orion.raid.stripe;

import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoStatus;

/**
 * A client FLUSH: one FLUSH to every usable member. Client writes are acknowledged only after all
 * their member writes completed, so every write acknowledged before this flush was submitted has
 * reached its members, and the member flushes make it durable. A member whose flush fails is marked
 * faulty; the flush succeeds while the array still has its data.
 */
final class FlushOp extends StripeOp {
    FlushOp(StripeEngine engine, int members) {
        super(engine, members);
    }

    @Override
    void start() {
        long usable = engine.array.usableMask();
        for (long m = usable; m != 0; m &= m - 1) {
            int slot = Long.numberOfTrailingZeros(m);
            engine.submitMember(this, slot, IoOp.FLUSH, 0, 0, null, 0, 0);
        }
        // The rebuild target holds data too: flush it with the members.
        if (engine.array.recoverySlot() >= 0) {
            engine.submitTarget(this, IoOp.FLUSH, 0, 0, null, 0, 0);
        }
        if (outstanding == 0) {
            fail(IoStatus.NO_DEVICE);
            engine.stripeOpDone(this);
        }
    }

    @Override
    void lockGranted() {
        throw new IllegalStateException("flushes take no stripe lock");
    }

    @Override
    void afterTargetDone() {
        if (outstanding == 0) {
            engine.stripeOpDone(this);
        }
    }

    @Override
    void memberDone(int slot, IoStatus status) {
        outstanding--;
        if (status != IoStatus.OK) {
            engine.markFaulty(slot, status);
            if (engine.array.isFailed()) {
                fail(status);
            }
        }
        if (outstanding == 0) {
            engine.stripeOpDone(this);
        }
    }
}
