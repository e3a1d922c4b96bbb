package org.orion.raid.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/** Start-up choice and warm-up. The build runs tests with {@code --add-modules jdk.incubator.vector}. */
class ParityManagerTest {

    @Test
    void shouldOfferVectorKernelsWhenTheIncubatorModuleIsPresent() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the test JVM should run with --add-modules jdk.incubator.vector (parent pom surefire.jvm.args)");
        assertTrue(ParityManager.vector().isPresent(), "vector kernels should load and pass the start-up self-check");
        assertTrue(ParityManager.vector().get().name().matches("vector-(128|256|512)(-heap|-segment)?"), ParityManager.vector().get().name());
    }

    /**
     * The raid-driver pom's {@code segment-kernels} profile runs this package's tests a second time on
     * a JDK 22+ and sets {@code orion.test.expectSegmentKernels}: there, calls with direct buffers
     * must run on the MemorySegment loops, not quietly on the scalar fallback.
     */
    @Test
    void shouldRunDirectBuffersOnSegmentKernelsOnJdk22WhenTheBuildHasThem() {
        assumeTrue(Boolean.getBoolean("orion.test.expectSegmentKernels"), "not the JDK 22+ run of the segment-kernels profile");
        assertTrue(Runtime.version().feature() >= 22, "the JDK 22+ run runs on " + Runtime.version());
        assertEquals("vector-" + VectorShape.SPECIES.vectorBitSize() + "-segment", ParityManager.vector().get().name());
    }

    @Test
    void shouldChooseVectorUnlessScalarIsAskedFor() {
        ParityKernels expected = "scalar".equals(System.getProperty(ParityManager.KERNELS_PROPERTY))
                ? ParityManager.scalar() : ParityManager.vector().orElse(ParityManager.scalar());
        assertSame(expected, ParityManager.kernels());
        assertEquals("scalar", ParityManager.scalar().name());
    }

    @Test
    void shouldFinishWarmUpWithinItsBudgetAndOnlyOnce() {
        long start = System.nanoTime();
        ParityManager.warmUp();
        ParityManager.warmUp();
        long millis = (System.nanoTime() - start) / 1_000_000;
        // 250 ms budget plus one round past the deadline; generous for a loaded 2-core machine.
        assertTrue(millis < 1500, "warm-up took " + millis + " ms");
    }

    @Test
    void shouldLeaveTheChosenKernelsWorkingAfterWarmUp() {
        ParityKernels kernels = ParityManager.kernels();
        ByteBuffer[] data = {ByteBuffer.wrap(new byte[] {0x11}), ByteBuffer.wrap(new byte[] {0x22}),
            ByteBuffer.wrap(new byte[] {0x33})};
        ByteBuffer p = ByteBuffer.allocate(1);
        ByteBuffer q = ByteBuffer.allocate(1);
        kernels.pq(data, new int[3], 3, p, 0, q, 0, 1);
        assertEquals(0x00, p.get(0) & 0xff);
        assertEquals(0x99, q.get(0) & 0xff);
    }
}
