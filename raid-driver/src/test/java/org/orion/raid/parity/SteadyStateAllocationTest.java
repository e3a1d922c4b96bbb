package org.orion.raid.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data path allocates nothing per call once compiled. The Vector API allocates until C2 has
 * compiled a loop, so the test keeps calling for a few seconds and passes as soon as a whole
 * round of calls allocated nothing; a kernel whose compiled form still boxes vectors (the trap
 * documented in {@link VectorShape}) never gets there, and the failure names it.
 */
class SteadyStateAllocationTest {
    /** Only a failing run waits this long; C2 needs a few seconds on a busy 2-core machine. */
    private static final long PATIENCE_NANOS = 20_000_000_000L;
    private static final int SLOTS = 6;
    private static final int CALLS_PER_ROUND = 500;
    /** One eight-vector step (heap XOR), one single vector and a tail at 512 bits; small so that calls are many. */
    private static final int LENGTH_BYTES = 8 * 64 + 64 + 5;

    static java.util.stream.Stream<ParityKernels> kernels() {
        return KernelCases.kernels();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void shouldAllocateNothingPerCallOnceCompiled(ParityKernels kernels) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Runnable> calls = calls(kernels);
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        Map<String, Long> allocated = new LinkedHashMap<>();
        long total;
        int rounds = 0;
        do {
            total = 0;
            for (Map.Entry<String, Runnable> call : calls.entrySet()) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int round = 0; round < CALLS_PER_ROUND; round++) {
                    call.getValue().run();
                }
                long bytes = threads.getCurrentThreadAllocatedBytes() - before;
                allocated.put(call.getKey(), bytes);
                total += bytes;
            }
            rounds++;
        } while (total != 0 && System.nanoTime() < deadline);
        System.out.println(kernels.name() + ": allocation-free after " + rounds + " rounds, "
                + (System.nanoTime() - deadline + PATIENCE_NANOS) / 1_000_000 + " ms; last " + allocated);
        assertEquals(0, total, kernels.name() + " bytes allocated per " + CALLS_PER_ROUND + " calls, still, after "
                + PATIENCE_NANOS / 1_000_000_000L + " s: " + allocated);
    }

    /** Every method, on direct, mixed and all-heap buffers (the vector kernels' two paths), with zero slots. */
    private static Map<String, Runnable> calls(ParityKernels kernels) {
        ByteBuffer[] mixed = new ByteBuffer[SLOTS];
        ByteBuffer[] heap = new ByteBuffer[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            mixed[i] = i % 2 == 0 ? ByteBuffer.allocateDirect(LENGTH_BYTES) : ByteBuffer.allocate(LENGTH_BYTES);
            heap[i] = ByteBuffer.allocate(LENGTH_BYTES);
        }
        ByteBuffer[] withZeroSlot = mixed.clone();
        withZeroSlot[4] = null;
        int[] offsets = new int[SLOTS];
        ByteBuffer p = ByteBuffer.allocateDirect(LENGTH_BYTES);
        ByteBuffer q = ByteBuffer.allocateDirect(LENGTH_BYTES);
        ByteBuffer heapP = ByteBuffer.allocate(LENGTH_BYTES);
        ByteBuffer heapQ = ByteBuffer.allocate(LENGTH_BYTES);
        int n = LENGTH_BYTES;
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("xor", () -> kernels.xor(mixed, offsets, SLOTS, p, 0, n));
        calls.put("xor odd count", () -> kernels.xor(mixed, offsets, SLOTS - 1, p, 0, n));
        calls.put("pq", () -> kernels.pq(mixed, offsets, SLOTS, p, 0, q, 0, n));
        calls.put("pq zero slot", () -> kernels.pq(withZeroSlot, offsets, SLOTS, p, 0, q, 0, n));
        calls.put("xorInto", () -> kernels.xorInto(mixed[1], 0, p, 0, n));
        calls.put("mulXorInto", () -> kernels.mulXorInto(0x1d, mixed[2], 0, q, 0, n));
        calls.put("recoverTwoData", () -> kernels.recoverTwoData(mixed, offsets, SLOTS, 1, 4, p, 0, q, 0, n));
        calls.put("recoverTwoData zero slot",
                () -> kernels.recoverTwoData(withZeroSlot, offsets, SLOTS, 0, 3, p, 0, q, 0, n));
        calls.put("recoverDataFromQ", () -> kernels.recoverDataFromQ(mixed, offsets, SLOTS, 2, q, 0, n));
        calls.put("heap xor", () -> kernels.xor(heap, offsets, SLOTS, heapP, 0, n));
        calls.put("heap xor odd count", () -> kernels.xor(heap, offsets, SLOTS - 1, heapP, 0, n));
        calls.put("heap pq", () -> kernels.pq(heap, offsets, SLOTS, heapP, 0, heapQ, 0, n));
        ByteBuffer[] heapWithZeroSlot = heap.clone();
        heapWithZeroSlot[3] = null;
        calls.put("heap pq zero slot", () -> kernels.pq(heapWithZeroSlot, offsets, SLOTS, heapP, 0, heapQ, 0, n));
        calls.put("heap xorInto", () -> kernels.xorInto(heap[1], 0, heapP, 0, n));
        calls.put("heap mulXorInto", () -> kernels.mulXorInto(0x8e, heap[2], 0, heapQ, 0, n));
        calls.put("heap recoverTwoData", () -> kernels.recoverTwoData(heap, offsets, SLOTS, 2, 5, heapP, 0, heapQ, 0, n));
        calls.put("heap recoverDataFromQ", () -> kernels.recoverDataFromQ(heap, offsets, SLOTS, 0, heapQ, 0, n));
        return calls;
    }
}
