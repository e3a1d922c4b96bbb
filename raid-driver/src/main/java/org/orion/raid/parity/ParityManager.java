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
            // expected way to end up on the scalar kernels, not an error. (JDK 19+ removed the
            // ByteBuffer loads: VectorParityKernels checks for them itself and, without them, runs
            // direct buffers on SegmentKernels (JDK 22+, when built) or the scalar kernels, so that
            // case does not end here.)
            LOG.info("vector parity kernels unavailable ({}); using scalar kernels", e.toString());
            return Optional.empty();
        }
    }

    /**
     * Calls every vector method on a small stripe, once with heap outputs (the all-heap loops) and
     * once with direct ones: links them all and checks the results against the scalar kernels.
     */
    private static boolean agreesWithScalar(ParityKernels vector) {
        return agreesWithScalar(vector, false) && agreesWithScalar(vector, true);
    }

    private static boolean agreesWithScalar(ParityKernels vector, boolean directOutputs) {
        int slots = 5;
        int lengthBytes = 8 * 64 + 300; // an unrolled step, a few vectors and a tail at any width
        ByteBuffer[] data = new ByteBuffer[slots];
        int[] offsets = new int[slots];
        for (int i = 0; i < slots; i++) {
            data[i] = ByteBuffer.allocate(lengthBytes);
            for (int b = 0; b < lengthBytes; b++) {
                data[i].put(b, (byte) (b * 37 + i * 101 + (b >>> 3)));
            }
        }
        ByteBuffer[] expected = {ByteBuffer.allocate(lengthBytes), ByteBuffer.allocate(lengthBytes)};
        ByteBuffer[] actual = directOutputs
                ? new ByteBuffer[] {ByteBuffer.allocateDirect(lengthBytes), ByteBuffer.allocateDirect(lengthBytes)}
                : new ByteBuffer[] {ByteBuffer.allocate(lengthBytes), ByteBuffer.allocate(lengthBytes)};
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
        lost[1] = directOutputs ? ByteBuffer.allocateDirect(lengthBytes) : ByteBuffer.allocate(lengthBytes);
        lost[3] = directOutputs ? ByteBuffer.allocateDirect(lengthBytes) : ByteBuffer.allocate(lengthBytes);
        SCALAR.pq(data, offsets, slots, expected[0], 0, expected[1], 0, lengthBytes);
        vector.recoverTwoData(lost, offsets, slots, 1, 3, expected[0], 0, expected[1], 0, lengthBytes);
        same &= lost[1].equals(data[1]) && lost[3].equals(data[3]);
        lost[2] = directOutputs ? ByteBuffer.allocateDirect(lengthBytes) : ByteBuffer.allocate(lengthBytes);
        vector.recoverDataFromQ(lost, offsets, slots, 2, expected[1], 0, lengthBytes);
        return same && lost[2].equals(data[2]);
    }

    private static ParityKernels choose() {
        String wanted = System.getProperty(KERNELS_PROPERTY, "auto");
        ParityKernels chosen = "scalar".equals(wanted) ? SCALAR : VECTOR.orElse(SCALAR);
        LOG.info("parity kernels: {} ({}={})", chosen.name(), KERNELS_PROPERTY, wanted);
        return chosen;
    }

    /**
     * The warm-up workload: small blocks so that each kernel method is invoked many times, on
     * direct and on heap buffers (the vector kernels have a separate loop for all-heap calls, which
     * the data path's heap column buffers use).
     */
    static final class KernelWarmUp {
        /** One eight-vector XOR step, a four-vector P+Q step, one single vector and a tail at 512 bits. */
        private static final int BLOCK_BYTES = 8 * 64 + 64 + 7;
        private static final int MAX_SLOTS = 10;
        private static final int MAX_ROUNDS = 100_000;
        private static final int CALLS_PER_CHECK = 50;

        record Result(int rounds, boolean allocationFree) {
        }

        private KernelWarmUp() {
        }

        static Result run(ParityKernels kernels, long deadlineNanos) {
            Stripe direct = new Stripe(true);
            Stripe heap = new Stripe(false);
            AllocationMeter meter = AllocationMeter.forCurrentThread();
            int rounds = 0;
            boolean allocationFree = false;
            while (rounds < MAX_ROUNDS && !allocationFree && System.nanoTime() < deadlineNanos) {
                long before = meter.bytes();
                for (int call = 0; call < CALLS_PER_CHECK; call++, rounds++) {
                    int slots = 4 + (rounds % (MAX_SLOTS - 3));
                    direct.callEveryKernel(kernels, slots, rounds);
                    heap.callEveryKernel(kernels, slots, rounds);
                }
                // Plain Java allocates nothing even interpreted, so for it this is no signal.
                allocationFree = meter.available() && meter.bytes() == before
                        && !(kernels instanceof ScalarParityKernels);
            }
            return new Result(rounds, allocationFree);
        }

        /** Data, P and Q blocks of one kind. */
        private static final class Stripe {
            final ByteBuffer[] data = new ByteBuffer[MAX_SLOTS];
            final int[] offsets = new int[MAX_SLOTS];
            final ByteBuffer p;
            final ByteBuffer q;

            Stripe(boolean direct) {
                for (int i = 0; i < MAX_SLOTS; i++) {
                    data[i] = direct ? ByteBuffer.allocateDirect(BLOCK_BYTES) : ByteBuffer.allocate(BLOCK_BYTES);
                    for (int b = 0; b < BLOCK_BYTES; b++) {
                        data[i].put(b, (byte) (i * 31 + b));
                    }
                }
                p = direct ? ByteBuffer.allocateDirect(BLOCK_BYTES) : ByteBuffer.allocate(BLOCK_BYTES);
                q = direct ? ByteBuffer.allocateDirect(BLOCK_BYTES) : ByteBuffer.allocate(BLOCK_BYTES);
            }

            void callEveryKernel(ParityKernels kernels, int slots, int round) {
                kernels.pq(data, offsets, slots, p, 0, q, 0, BLOCK_BYTES);
                kernels.xor(data, offsets, slots, p, 0, BLOCK_BYTES);
                kernels.recoverTwoData(data, offsets, slots, round % 2, slots - 1, p, 0, q, 0, BLOCK_BYTES);
                kernels.recoverDataFromQ(data, offsets, slots, 1, q, 0, BLOCK_BYTES);
                kernels.mulXorInto(round & 0xff, data[0], 0, p, 0, BLOCK_BYTES);
                kernels.xorInto(data[1], 0, q, 0, BLOCK_BYTES);
            }
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
