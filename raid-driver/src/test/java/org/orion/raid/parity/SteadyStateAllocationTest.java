package org.orion.raid.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data path allocates nothing per call once compiled. The Vector API allocates until C2 has
 * compiled a loop, so the test keeps calling for up to a few seconds and passes as soon as a
 * whole round of calls allocated nothing; a kernel whose compiled form still boxes vectors (the
 * trap documented in {@link VectorShape}) never gets there and fails.
 */
class SteadyStateAllocationTest {
    private static final long PATIENCE_NANOS = 8_000_000_000L;

    static java.util.stream.Stream<ParityKernels> kernels() {
        return KernelCases.kernels();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void shouldAllocateNothingPerCallOnceCompiled(ParityKernels kernels) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int slots = 6;
        int lengthBytes = 2048 + 5;
        ByteBuffer[] data = new ByteBuffer[slots];
        for (int i = 0; i < slots; i++) {
            data[i] = i % 2 == 0 ? ByteBuffer.allocateDirect(lengthBytes) : ByteBuffer.allocate(lengthBytes);
        }
        ByteBuffer[] withZeroSlot = data.clone();
        withZeroSlot[4] = null;
        int[] offsets = new int[slots];
        ByteBuffer p = ByteBuffer.allocateDirect(lengthBytes);
        ByteBuffer q = ByteBuffer.allocateDirect(lengthBytes);
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        long allocated;
        do {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int round = 0; round < 200; round++) {
                kernels.xor(data, offsets, slots, p, 0, lengthBytes);
                kernels.pq(data, offsets, slots, p, 0, q, 0, lengthBytes);
                kernels.pq(withZeroSlot, offsets, slots, p, 0, q, 0, lengthBytes);
                kernels.xorInto(data[1], 0, p, 0, lengthBytes);
                kernels.mulXorInto(0x1d, data[2], 0, q, 0, lengthBytes);
                kernels.recoverTwoData(data, offsets, slots, 1, 4, p, 0, q, 0, lengthBytes);
                kernels.recoverTwoData(withZeroSlot, offsets, slots, 0, 3, p, 0, q, 0, lengthBytes);
                kernels.recoverDataFromQ(data, offsets, slots, 2, q, 0, lengthBytes);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        } while (allocated != 0 && System.nanoTime() < deadline);
        assertEquals(0, allocated, kernels.name() + " still allocated " + allocated + " bytes per 200 rounds of calls");
    }
}
