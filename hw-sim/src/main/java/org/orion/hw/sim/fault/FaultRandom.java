package org.orion.hw.sim.fault;

/**
 * Randomness for fault decisions as a pure function of (seed, fault, operation, salt) instead of a
 * shared generator: a decision about operation 17 does not depend on how many draws other threads
 * made first, so a run replays from its seed even when requests overlap. Uses the SplitMix64
 * finalizer, whose output is well mixed for consecutive inputs. Allocation-free and thread-safe.
 */
final class FaultRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private FaultRandom() {
    }

    static long hash(long seed, long fault, long operation, long salt) {
        long h = mix(seed + GOLDEN);
        h = mix(h ^ (fault + 1) * GOLDEN);
        h = mix(h ^ (operation + 1) * 0xC2B2AE3D27D4EB4FL);
        return mix(h ^ (salt + 1) * 0x165667B19E3779F9L);
    }

    /** A uniform double in [0, 1). */
    static double unit(long seed, long fault, long operation, long salt) {
        return (hash(seed, fault, operation, salt) >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
