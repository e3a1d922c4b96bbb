package org.orion.hw.sim.fault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orion.hw.sim.fault.FaultRig.BLOCK;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions.Recorder;
import org.orion.driver.api.testing.Patterns;

/** Slow I/O and timeouts: requests complete late, or with TIMEOUT, but always complete. */
class DelayFaultTest {
    private static final long MILLI = 1_000_000;

    private static Recorder submitWrite(FaultRig rig, long offsetBytes, byte[] data) {
        Recorder recorder = new Recorder();
        IoStatus accepted = rig.device.submit(new IoRequest().write(offsetBytes, data.length, ByteBuffer.wrap(data), 0, 0,
                recorder));
        assertEquals(IoStatus.OK, accepted);
        return recorder;
    }

    @Test
    void shouldCompleteASlowRequestOnlyAfterTheExtraLatency() {
        try (FaultRig rig = new FaultRig(FaultPlan.builder(1).slowIo(5 * MILLI, 1.0).build())) {
            byte[] data = Patterns.random(1, BLOCK);
            Recorder write = submitWrite(rig, 0, data);
            assertFalse(write.isDone(), "zero-latency disk, but the fault adds 5 ms");
            rig.clock.advance(5 * MILLI - 1);
            assertFalse(write.isDone());
            rig.clock.advance(1);
            assertEquals(IoStatus.OK, write.await());
            assertArrayEquals(data, rig.onDisk(0, BLOCK));
            assertEquals(5 * MILLI, rig.device.injections().get(0).detail());
        }
    }

    @Test
    void shouldTimeOutTheTriggeredRequestWithoutPerformingIt() {
        try (FaultRig rig = new FaultRig(FaultPlan.builder(1).timeout(Trigger.atOperation(1), 30 * MILLI).build())) {
            assertEquals(IoStatus.OK, rig.write(0, Patterns.random(1, BLOCK)));
            Recorder timedOut = submitWrite(rig, BLOCK, Patterns.random(2, BLOCK));
            rig.clock.advance(30 * MILLI - 1);
            assertFalse(timedOut.isDone());
            rig.clock.advance(1);
            assertEquals(IoStatus.TIMEOUT, timedOut.await());
            assertArrayEquals(new byte[BLOCK], rig.onDisk(BLOCK, BLOCK));
            assertEquals(IoStatus.OK, rig.write(BLOCK, Patterns.random(3, BLOCK)), "a once-fault strikes once");
        }
    }

    @Test
    void shouldCompleteEveryRequestEvenWhenEveryOneTimesOut() {
        try (FaultRig rig = new FaultRig(FaultPlan.builder(1).timeout(Trigger.always(), MILLI).build())) {
            for (int i = 0; i < 20; i++) {
                assertEquals(IoStatus.TIMEOUT, rig.read(0, new byte[BLOCK]));
            }
            assertEquals(20, rig.device.injectionCount());
        }
    }

    @Test
    void shouldAbortDelayedCompletionsAtPowerLossAndAtClose() {
        FaultRig rig = new FaultRig(FaultPlan.builder(1).slowIo(5 * MILLI, 1.0).build());
        try {
            Recorder beforePowerLoss = submitWrite(rig, 0, Patterns.random(1, BLOCK));
            rig.device.powerLoss();
            assertEquals(IoStatus.ABORTED, beforePowerLoss.await(), "the disk that would answer lost power");
            assertArrayEquals(new byte[BLOCK], rig.onDisk(0, BLOCK), "and the unflushed write went with it");
            Recorder beforeClose = submitWrite(rig, 0, Patterns.random(2, BLOCK));
            rig.device.close();
            assertTrue(beforeClose.isDone(), "close returns after every request completed");
            assertEquals(IoStatus.ABORTED, beforeClose.await());
            assertEquals(IoStatus.NO_DEVICE, rig.device.submit(new IoRequest().flush(null)));
        } finally {
            rig.close();
        }
    }

    @Test
    void shouldUseItsOwnTimerAndCountersAroundADeviceThatIsNotSimulated() {
        BlockDevice plain = new BlockDevice() {
            private final BlockDeviceInfo info = new BlockDeviceInfo("plain", 512, 512, 1 << 20, 1 << 20, false, false,
                    false);

            @Override
            public BlockDeviceInfo info() {
                return info;
            }

            @Override
            public IoStatus submit(IoRequest request) {
                request.complete(IoStatus.OK);
                return IoStatus.OK;
            }

            @Override
            public void close() {
            }
        };
        FaultPlan plan = FaultPlan.builder(1).slowIo(2 * MILLI, 1.0).latentSectorError(0, 1).build();
        try (FaultyBlockDevice device = new FaultyBlockDevice(plain, plan)) {
            Recorder read = new Recorder();
            long start = System.nanoTime();
            assertEquals(IoStatus.OK, device.submit(new IoRequest().read(0, 512, ByteBuffer.allocate(512), 0, read)));
            assertEquals(IoStatus.MEDIA_ERROR, read.await());
            assertTrue(System.nanoTime() - start >= 2 * MILLI, "delivered by a system-clock timer");
            assertEquals(1, device.healthCounters().mediaErrors());
            assertThrows(UnsupportedOperationException.class, device::powerLoss);
        }
    }
}
