package org.orion.raid.stripe;

/**
 * Which stripes are being changed (or reconstructed) right now, with a FIFO of operations waiting
 * for each. An open-addressing table with linear probing and backward-shift deletion, sized so it
 * never fills: at most one holder per pooled operation. Handler thread only.
 */
final class StripeLocks {
    private final long[] stripes;
    private final StripeOp[] holders;
    private final int mask;

    StripeLocks(int maxHolders) {
        int capacity = Integer.highestOneBit(Math.max(16, maxHolders * 4 - 1)) << 1;
        stripes = new long[capacity];
        holders = new StripeOp[capacity];
        mask = capacity - 1;
    }

    /** Takes the lock of {@code stripe} for {@code op}, or queues {@code op} behind the holder and returns false. */
    boolean acquire(long stripe, StripeOp op) {
        int i = index(stripe);
        while (holders[i] != null) {
            if (stripes[i] == stripe) {
                StripeOp tail = holders[i];
                while (tail.nextWaiter != null) {
                    tail = tail.nextWaiter;
                }
                tail.nextWaiter = op;
                op.nextWaiter = null;
                return false;
            }
            i = (i + 1) & mask;
        }
        stripes[i] = stripe;
        holders[i] = op;
        op.nextWaiter = null;
        return true;
    }

    /** Releases {@code op}'s lock; returns the next waiter, which now holds the lock, or null. */
    StripeOp release(long stripe, StripeOp op) {
        int i = index(stripe);
        while (holders[i] != null) {
            if (stripes[i] == stripe) {
                if (holders[i] != op) {
                    throw new IllegalStateException("stripe " + stripe + " released by an operation that does not hold it");
                }
                StripeOp next = op.nextWaiter;
                op.nextWaiter = null;
                if (next != null) {
                    holders[i] = next;
                    return next;
                }
                remove(i);
                return null;
            }
            i = (i + 1) & mask;
        }
        throw new IllegalStateException("stripe " + stripe + " released but not locked");
    }

    boolean isLocked(long stripe) {
        int i = index(stripe);
        while (holders[i] != null) {
            if (stripes[i] == stripe) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    private void remove(int hole) {
        holders[hole] = null;
        int i = (hole + 1) & mask;
        while (holders[i] != null) {
            int home = index(stripes[i]);
            // Move entry i into the hole if its home position does not lie cyclically in (hole, i].
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                stripes[hole] = stripes[i];
                holders[hole] = holders[i];
                holders[i] = null;
                hole = i;
            }
            i = (i + 1) & mask;
        }
    }

    private int index(long stripe) {
        long h = stripe * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
