package org.orion.raid.parity;

import java.nio.ByteBuffer;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the parity kernels once per JVM and warms them up.
 *
 * <p>The vector kernels are chosen when the {@code jdk.incubator.vector} module is present
 * (launchers pass {@code --add-modules jdk.incubator.vector}) unless
 * {@code -Dorion.parity=scalar} asks for the plain-Java ones. They are loaded by name so that
 * this class, and the scalar kernels, work on a JVM without the module.
 *
 * <p>The Vector API runs hundreds of times slower than its compiled form until C2 has compiled the
 * loops, so {@link #kernels()} runs {@link #warmUp()} once before handing the kernels out; a
 * driver calls it while starting, never on the data path's first request.
 */
public final class ParityManager {
    /** System property: {@code scalar} forces the fallback; anything else (or unset) means "best". */
    public static final String KERNELS_PROPERTY = "orion.parity";
    /** System property: warm-up time budget in milliseconds (default 250). */
    public static final String WARM_UP_MILLIS_PROPERTY = "orion.parity.warmUpMillis";

    private static final Logger LOG = LoggerFactory.getLogger(ParityManager.class);
    private static final ParityKernels SCALAR = new ScalarParityKernels();
    private static final Optional<ParityKernels> VECTOR = loadVector();
    private static final ParityKernels CHOSEN = choose();
    private static final Object WARM_UP_LOCK = new Object();
    private static volatile boolean warmedUp;

    private ParityManager() {
    }

    /** The chosen implementation, warmed up (the first call pays the warm-up). */
    public static ParityKernels kernels() {
        if (!warmedUp) {
            warmUp();
        }
        return CHOSEN;
    }

    /** The plain-Java kernels (always available; not warmed up by this class). */
    public static ParityKernels scalar() {
        return SCALAR;
    }

    /** The Vector API kernels, if the {@code jdk.incubator.vector} module is present. */
    public static Optional<ParityKernels> vector() {
        return VECTOR;
    }

    /**
     * Runs every method of the chosen kernels over small stripes until a whole round allocates
     * nothing (the sign that C2 has compiled the Vector API loops: interpreted and C1 code boxes
     * every vector) or until the budget runs out ({@value #WARM_UP_MILLIS_PROPERTY}, 250 ms by
     * default). Idempotent; only the first call does work. On a busy 2-core machine C2 can need
     * a few seconds for all the kernels; the budget is not extended for that, the log line says
     * whether steady state was reached, and the first data-path calls finish the job.
     */
    public static void warmUp() {
        synchronized (WARM_UP_LOCK) {
            if (warmedUp) {
                return;
            }
            long budgetNanos = Long.getLong(WARM_UP_MILLIS_PROPERTY, 250L) * 1_000_000L;
            long startNanos = System.nanoTime();
            KernelWarmUp.Result result = KernelWarmUp.run(CHOSEN, startNanos + budgetNanos);
            warmedUp = true;
            LOG.info("parity kernels {} warmed up: {} rounds in {} ms, {}", CHOSEN.name(), result.rounds(),
                    (System.nanoTime() - startNanos) / 1_000_000L,
                    result.allocationFree() ? "allocation-free (compiled)"
                            : CHOSEN == SCALAR ? "budget spent" : "still allocating (not all compiled yet)");
        }
    }

    private static Optional<ParityKernels> loadVector() {
        try {
            Class<?> type = Class.forName("org.orion.raid.parity.VectorParityKernels");
            ParityKernels vector = (ParityKernels) type.getDeclaredConstructor().newInstance();
            if (!agreesWithScalar(vector)) {
                LOG.warn("vector parity kernels {} disagree with the scalar ones; using scalar kernels", vector.name());
                return Optional.empty();
            }
            return Optional.of(vector);
        } catch (ReflectiveOperationException | LinkageError e) {
            // Without --add-modules jdk.incubator.vector the class cannot link: that is the
            // expected way to end up on the scalar kernels, not an error. A JDK whose incubating
            // API dropped a method we call (JDK 19+ removed the ByteBuffer loads in favour of
            // MemorySegment) fails here too, at the self-check's first call, not on the data path.
            LOG.info("vector parity kernels unavailable ({}); using scalar kernels", e.toString());
            return Optional.empty();
        }
    }

    /** Calls every vector method once on a small stripe: links them all and checks the result. */
    private static boolean agreesWithScalar(ParityKernels vector) {
        int slots = 5;
        int lengthBytes = 300; // a few vectors and a tail at any width
        ByteBuffer[] data = new ByteBuffer[slots];
        int[] offsets = new int[slots];
        for (int i = 0; i < slots; i++) {
            data[i] = ByteBuffer.allocate(lengthBytes);
            for (int b = 0; b < lengthBytes; b++) {
                data[i].put(b, (byte) (b * 37 + i * 101 + (b >>> 3)));
            }
        }
        ByteBuffer[] expected = {ByteBuffer.allocate(lengthBytes), ByteBuffer.allocate(lengthBytes)};
        ByteBuffer[] actual = {ByteBuffer.allocateDirect(lengthBytes), ByteBuffer.allocateDirect(lengthBytes)};
        SCALAR.pq(data, offsets, slots, expected[0], 0, expected[1], 0, lengthBytes);
        vector.pq(data, offsets, slots, actual[0], 0, actual[1], 0, lengthBytes);
        boolean same = expected[0].equals(actual[0]) && expected[1].equals(actual[1]);
        vector.xor(data, offsets, slots, actual[0], 0, lengthBytes);
        vector.xorInto(data[0], 0, actual[1], 0, lengthBytes);
        SCALAR.xorInto(data[0], 0, expected[1], 0, lengthBytes);
        vector.mulXorInto(0x8e, data[1], 0, actual[1], 0, lengthBytes);
        SCALAR.mulXorInto(0x8e, data[1], 0, expected[1], 0, lengthBytes);
        same &= expected[0].equals(actual[0]) && expected[1].equals(actual[1]);
        ByteBuffer[] lost = data.clone();
        lost[1] = ByteBuffer.allocate(lengthBytes);
        lost[3] = ByteBuffer.allocate(lengthBytes);
        SCALAR.pq(data, offsets, slots, expected[0], 0, expected[1], 0, lengthBytes);
        vector.recoverTwoData(lost, offsets, slots, 1, 3, expected[0], 0, expected[1], 0, lengthBytes);
        same &= lost[1].equals(data[1]) && lost[3].equals(data[3]);
        lost[2] = ByteBuffer.allocate(lengthBytes);
        vector.recoverDataFromQ(lost, offsets, slots, 2, expected[1], 0, lengthBytes);
        return same && lost[2].equals(data[2]);
    }

    private static ParityKernels choose() {
        String wanted = System.getProperty(KERNELS_PROPERTY, "auto");
        ParityKernels chosen = "scalar".equals(wanted) ? SCALAR : VECTOR.orElse(SCALAR);
        LOG.info("parity kernels: {} ({}={})", chosen.name(), KERNELS_PROPERTY, wanted);
        return chosen;
    }

    /** The warm-up workload: small blocks so that each kernel method is invoked many times. */
    static final class KernelWarmUp {
        private static final int BLOCK_BYTES = 4 * 64 + 64 + 7; // unrolled step, single vector, tail
        private static final int MAX_SLOTS = 10;
        private static final int MAX_ROUNDS = 100_000;
        private static final int CALLS_PER_CHECK = 50;

        record Result(int rounds, boolean allocationFree) {
        }

        private KernelWarmUp() {
        }

        static Result run(ParityKernels kernels, long deadlineNanos) {
            ByteBuffer[] data = new ByteBuffer[MAX_SLOTS];
            int[] offsets = new int[MAX_SLOTS];
            for (int i = 0; i < MAX_SLOTS; i++) {
                data[i] = ByteBuffer.allocateDirect(BLOCK_BYTES);
                for (int b = 0; b < BLOCK_BYTES; b++) {
                    data[i].put(b, (byte) (i * 31 + b));
                }
            }
            ByteBuffer p = ByteBuffer.allocateDirect(BLOCK_BYTES);
            ByteBuffer q = ByteBuffer.allocateDirect(BLOCK_BYTES);
            AllocationMeter meter = AllocationMeter.forCurrentThread();
            int rounds = 0;
            boolean allocationFree = false;
            while (rounds < MAX_ROUNDS && !allocationFree && System.nanoTime() < deadlineNanos) {
                long before = meter.bytes();
                for (int call = 0; call < CALLS_PER_CHECK; call++, rounds++) {
                    int slots = 4 + (rounds % (MAX_SLOTS - 3));
                    kernels.pq(data, offsets, slots, p, 0, q, 0, BLOCK_BYTES);
                    kernels.xor(data, offsets, slots, p, 0, BLOCK_BYTES);
                    kernels.recoverTwoData(data, offsets, slots, rounds % 2, slots - 1, p, 0, q, 0, BLOCK_BYTES);
                    kernels.recoverDataFromQ(data, offsets, slots, 1, q, 0, BLOCK_BYTES);
                    kernels.mulXorInto(rounds & 0xff, data[0], 0, p, 0, BLOCK_BYTES);
                    kernels.xorInto(data[1], 0, q, 0, BLOCK_BYTES);
                }
                // Plain Java allocates nothing even interpreted, so for it this is no signal.
                allocationFree = meter.available() && meter.bytes() == before
                        && !(kernels instanceof ScalarParityKernels);
            }
            return new Result(rounds, allocationFree);
        }
    }

    /** This thread's allocated bytes, where the JVM tells (HotSpot does); otherwise unavailable. */
    private static final class AllocationMeter {
        private final com.sun.management.ThreadMXBean threads;

        private AllocationMeter(com.sun.management.ThreadMXBean threads) {
            this.threads = threads;
        }

        static AllocationMeter forCurrentThread() {
            java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
            if (bean instanceof com.sun.management.ThreadMXBean hotspot && hotspot.isThreadAllocatedMemorySupported()
                    && hotspot.isThreadAllocatedMemoryEnabled()) {
                return new AllocationMeter(hotspot);
            }
            return new AllocationMeter(null);
        }

        boolean available() {
            return threads != null;
        }

        long bytes() {
            return threads == null ? 0 : threads.getCurrentThreadAllocatedBytes();
        }
    }
}
