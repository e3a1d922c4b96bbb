package org.orion.hw.sim.fault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orion.hw.sim.fault.FaultRig.BLOCK;
import static org.orion.hw.sim.fault.FaultRig.differingBits;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions.Recorder;
import org.orion.driver.api.testing.Patterns;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.ManualClock;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;

/** Bit flips, lost writes and misdirected writes: the request succeeds and the data is wrong. */
class SilentCorruptionFaultTest {
    @Test
    void shouldFlipExactlyOneBitOfTheTriggeredReadAndLeaveTheMediumAlone() {
        try (FaultRig rig = new FaultRig(FaultPlan.builder(8).bitFlipOnRead(Trigger.atOperation(1)).build())) {
            byte[] data = Patterns.random(1, BLOCK);
            assertEquals(IoStatus.OK, rig.write(BLOCK, data));
            byte[] corrupted = new byte[BLOCK];
            assertEquals(IoStatus.OK, rig.read(BLOCK, corrupted), "silent: the read reports success");
            assertEquals(1, differingBits(data, corrupted));
            Injection flip = rig.device.injections().get(0);
            int flipped = (int) (flip.offsetBytes() - BLOCK);
            assertNotEquals(data[flipped], corrupted[flipped], "the injection names the flipped byte");
            assertEquals(1 << flip.detail(), (data[flipped] ^ corrupted[flipped]) & 0xff, "and the bit");
            byte[] again = new byte[BLOCK];
            assertEquals(IoStatus.OK, rig.read(BLOCK, again));
            assertArrayEquals(data, again, "the flip happened in transit, once");
            assertArrayEquals(data, rig.onDisk(BLOCK, BLOCK));
        }
    }

    @Test
    void shouldAcknowledgeALostWriteWithoutApplyingIt() {
        try (FaultRig rig = new FaultRig(FaultPlan.builder(8).lostWrite(Trigger.atOperation(1)).build())) {
            byte[] first = Patterns.random(1, BLOCK);
            assertEquals(IoStatus.OK, rig.write(0, first));
            assertEquals(IoStatus.OK, rig.write(0, Patterns.random(2, BLOCK)), "acknowledged");
            byte[] back = new byte[BLOCK];
            assertEquals(IoStatus.OK, rig.read(0, back));
            assertArrayEquals(first, back, "but never applied");
            assertTrue(rig.device.injections().get(0).fault() instanceof Fault.LostWrite);
        }
    }

    @Test
    void shouldLandAMisdirectedWriteAtItsDisplacementAndLeaveTheIntendedRangeOld() {
        FaultPlan plan = FaultPlan.of(8, new Fault.MisdirectedWrite(Trigger.atOperation(1), 8L * BLOCK));
        try (FaultRig rig = new FaultRig(plan)) {
            byte[] old = Patterns.random(1, BLOCK);
            byte[] fresh = Patterns.random(2, BLOCK);
            assertEquals(IoStatus.OK, rig.write(BLOCK, old));
            assertEquals(IoStatus.OK, rig.write(BLOCK, fresh));
            assertArrayEquals(old, rig.onDisk(BLOCK, BLOCK));
            assertArrayEquals(fresh, rig.onDisk(9L * BLOCK, BLOCK));
        }
    }

    @Test
    void shouldWrapAMisdirectedWriteAroundTheEndOfTheDevice() {
        FaultPlan plan = FaultPlan.of(8, new Fault.MisdirectedWrite(Trigger.always(), 4L * BLOCK));
        try (FaultRig rig = new FaultRig(plan)) {
            byte[] data = Patterns.random(3, 2 * BLOCK);
            long offset = FaultRig.CAPACITY_BYTES - 2 * BLOCK;
            assertEquals(IoStatus.OK, rig.write(offset, data));
            // An 8 KiB write can start at (capacity - 8 KiB) / 512 + 1 places; past the last it wraps to the start.
            long places = FaultRig.CAPACITY_BYTES - 2 * BLOCK + 512;
            long expected = offset + 4L * BLOCK - places;
            assertEquals(15_872, expected);
            assertArrayEquals(data, rig.onDisk(expected, 2 * BLOCK));
            assertEquals(expected, rig.device.injections().get(0).offsetBytes());
        }
    }

    @Test
    void shouldLandARandomlyMisdirectedWriteWhereTheInjectionSays() {
        try (FaultRig rig = new FaultRig(FaultPlan.builder(99).misdirectedWrite(Trigger.atOperation(0)).build())) {
            byte[] data = Patterns.random(4, BLOCK);
            assertEquals(IoStatus.OK, rig.write(5L * BLOCK, data));
            Injection injection = rig.device.injections().get(0);
            assertNotEquals(5L * BLOCK, injection.offsetBytes());
            assertEquals(0, injection.offsetBytes() % 512);
            assertArrayEquals(data, rig.onDisk(injection.offsetBytes(), BLOCK));
            assertArrayEquals(new byte[BLOCK], rig.onDisk(5L * BLOCK, BLOCK));
        }
    }

    @Test
    void shouldNotUseUpAOnceFaultOnARequestTheDiskRefused() {
        ManualClock clock = new ManualClock();
        LatencyModel latency = new LatencyModel(10_000, 10_000, 10_000, 0, 0);
        try (SimController controller = SimController.create("sim1", SimPersonality.NVME, clock, latency,
                List.of(SimDiskSpec.heap("d", 1 << 20)), 1)) {
            FaultyBlockDevice device = new FaultyBlockDevice(controller.disk(0),
                    FaultPlan.builder(1).bitFlipOnRead(Trigger.atOperation(1)).build());
            byte[] zeroes = new byte[512];
            Recorder first = new Recorder();
            assertEquals(IoStatus.OK, device.submit(new IoRequest().read(0, 512, ByteBuffer.allocate(512), 0, first)));
            ByteBuffer target = ByteBuffer.allocate(512);
            IoRequest second = new IoRequest().read(0, 512, target, 0, new Recorder());
            assertEquals(IoStatus.BUSY, device.submit(second), "queue depth 1");
            clock.advance(10_000);
            assertEquals(IoStatus.OK, first.await());
            Recorder retried = new Recorder();
            second.completion(retried);
            assertEquals(IoStatus.OK, device.submit(second));
            clock.advance(10_000);
            assertEquals(IoStatus.OK, retried.await());
            assertEquals(1, differingBits(zeroes, target.array()), "the flip struck the retry instead");
        }
    }
}
