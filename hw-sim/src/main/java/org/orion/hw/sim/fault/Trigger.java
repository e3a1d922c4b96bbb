package org.orion.hw.sim.fault;

/**
 * When a {@link Fault} strikes. Operations are numbered from 0 in the order a
 * {@link FaultyBlockDevice} accepts them (every well-formed request counts, whatever its kind), and
 * times are on the device's clock, so with the same seed, clock and I/O sequence a fault strikes
 * the same request every run. An operation is <em>eligible</em> if the fault can apply to it (a
 * lost write only to a WRITE, a bit flip only to a READ; fail-stop, latent sectors, slow I/O and
 * timeouts to anything).
 */
public sealed interface Trigger {
    /** Once, at the first eligible operation whose number is at least {@code operation}. */
    record AtOperation(long operation) implements Trigger {
        public AtOperation {
            if (operation < 0) {
                throw new IllegalArgumentException("fault trigger: operation number " + operation
                        + " must be zero or more (operations are numbered from 0)");
            }
        }
    }

    /** Once, at the first eligible operation submitted when the clock reads {@code atNanos} or later. */
    record AtTime(long atNanos) implements Trigger {
    }

    /** At every eligible operation independently, with {@code probability}, drawn from the plan's seed. */
    record WithProbability(double probability) implements Trigger {
        public WithProbability {
            if (!(probability >= 0.0 && probability <= 1.0)) {
                throw new IllegalArgumentException("fault trigger: probability " + probability
                        + " must be between 0 and 1");
            }
        }
    }

    static Trigger atOperation(long operation) {
        return new AtOperation(operation);
    }

    static Trigger atTime(long atNanos) {
        return new AtTime(atNanos);
    }

    static Trigger withProbability(double probability) {
        return new WithProbability(probability);
    }

    /** Every eligible operation. */
    static Trigger always() {
        return new WithProbability(1.0);
    }

    /** True for triggers that fire at most once. */
    default boolean once() {
        return !(this instanceof WithProbability);
    }
}
