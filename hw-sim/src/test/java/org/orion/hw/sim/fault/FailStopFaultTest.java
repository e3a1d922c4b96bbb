package org.orion.hw.sim.fault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orion.hw.sim.fault.FaultRig.BLOCK;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions.Recorder;
import org.orion.driver.api.testing.Patterns;
import org.orion.hw.sim.LatencyModel;

class FailStopFaultTest {
    @Test
    void shouldRefuseTheTriggeringRequestAndEverythingAfterWithNoDevice() {
        try (FaultRig rig = new FaultRig(FaultPlan.builder(1).failStop(Trigger.atOperation(3)).build())) {
            for (int i = 0; i < 3; i++) {
                assertEquals(IoStatus.OK, rig.write(i * BLOCK, Patterns.random(i, BLOCK)), "operation " + i);
            }
            assertEquals(IoStatus.NO_DEVICE, rig.write(3 * BLOCK, Patterns.random(3, BLOCK)));
            assertArrayEquals(new byte[BLOCK], rig.onDisk(3 * BLOCK, BLOCK), "a refused write changes nothing");
            assertEquals(IoStatus.NO_DEVICE, rig.read(0, new byte[BLOCK]));
            assertEquals(IoStatus.NO_DEVICE, rig.flush());
            assertTrue(rig.device.isFailed());
            assertFalse(rig.disk.health().passed(), "the disk's own verdict is failed");
            List<Injection> injections = rig.device.injections();
            assertEquals(1, injections.size());
            assertEquals(3, injections.get(0).operation());
            assertTrue(injections.get(0).fault() instanceof Fault.FailStop);
        }
    }

    @Test
    void shouldCompleteRequestsStillInFlightWithNoDevice() {
        LatencyModel latency = new LatencyModel(50_000, 50_000, 50_000, 0, 0);
        try (FaultRig rig = new FaultRig(FaultPlan.builder(2).failStop(Trigger.atOperation(2)).build(), latency, false)) {
            Recorder first = new Recorder();
            Recorder second = new Recorder();
            assertEquals(IoStatus.OK, rig.device.submit(new IoRequest().read(0, BLOCK, ByteBuffer.allocate(BLOCK), 0, first)));
            assertEquals(IoStatus.OK, rig.device.submit(new IoRequest().read(0, BLOCK, ByteBuffer.allocate(BLOCK), 0, second)));
            assertEquals(IoStatus.NO_DEVICE, rig.device.submit(new IoRequest().flush(null)));
            rig.clock.advance(50_000);
            assertEquals(IoStatus.NO_DEVICE, first.await());
            assertEquals(IoStatus.NO_DEVICE, second.await());
        }
    }

    @Test
    void shouldFailStopAtASimulatedTime() {
        try (FaultRig rig = new FaultRig(FaultPlan.builder(3).failStop(Trigger.atTime(5_000_000)).build())) {
            assertEquals(IoStatus.OK, rig.read(0, new byte[BLOCK]));
            rig.clock.advance(4_999_999);
            assertEquals(IoStatus.OK, rig.read(0, new byte[BLOCK]));
            rig.clock.advance(1);
            assertEquals(IoStatus.NO_DEVICE, rig.read(0, new byte[BLOCK]));
            assertEquals(5_000_000, rig.device.injections().get(0).atNanos());
        }
    }
}
