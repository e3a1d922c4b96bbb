package org.orion.hw.sim.fault;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Decides whether a fault's {@link Trigger} fires for one request, and remembers which once-only
 * triggers have fired. Probabilistic triggers are a pure function of (seed, fault, operation), so
 * they need no state; once-only triggers are claimed with a compare-and-set so exactly one request
 * gets them, and can be given back if that request never reached the disk. Allocation-free and
 * thread-safe.
 */
final class TriggerState {
    private final long seed;
    private final AtomicIntegerArray fired;

    TriggerState(long seed, int faultCount) {
        this.seed = seed;
        this.fired = new AtomicIntegerArray(faultCount);
    }

    /** True if fault number {@code fault} strikes operation {@code operation} submitted at {@code nowNanos}. */
    boolean fires(int fault, Trigger when, long operation, long nowNanos) {
        if (when instanceof Trigger.WithProbability) {
            double p = ((Trigger.WithProbability) when).probability();
            return p >= 1.0 || (p > 0.0 && FaultRandom.unit(seed, fault, operation, 0) < p);
        }
        if (fired.get(fault) != 0) {
            return false;
        }
        boolean due = when instanceof Trigger.AtOperation
                ? operation >= ((Trigger.AtOperation) when).operation()
                : nowNanos >= ((Trigger.AtTime) when).atNanos();
        return due && fired.compareAndSet(fault, 0, 1);
    }

    /** Re-arms the once-only faults whose bits are set (bit i = fault i), for a request the disk refused. */
    void giveBack(long consumedOnce) {
        for (int i = 0; consumedOnce != 0; i++, consumedOnce >>>= 1) {
            if ((consumedOnce & 1) != 0) {
                fired.set(i, 0);
            }
        }
    }
}
