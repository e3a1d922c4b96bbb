package org.orion.raid.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.hw.sim.fault.FaultPlan;
import org.orion.hw.sim.fault.FaultyBlockDevice;
import org.orion.raid.RaidOptions;
import org.orion.raid.health.HealthPolicy;

/**
 * The health monitor and the array together: a member whose reallocated-sector count rises is
 * predicted to fail and hot replaced onto the spare while it still serves, with no degraded window.
 */
class ProactiveReplaceTest {
    @Test
    void shouldHotReplaceAMemberWhoseReallocatedSectorsRise() throws Exception {
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            specs.add(new SimDiskSpec("disk" + i, 16L << 20, 512, 4096, null, false));
        }
        List<BlockDevice> devices = new ArrayList<>(SimController.create("p", SimPersonality.SATA, NanoClock.system(),
                LatencyModel.ZERO, specs).disks());
        List<DriverEvent> events = new CopyOnWriteArrayList<>();
        MdArray md = MdArray.start(ArrayCreator.create(new CreateOptions("data", "h", 5, null, 64, 4, 1, 0, true, false),
                devices, 1L), false, RaidOptions.DEFAULTS, events::add, NanoClock.system());
        byte[] data = Patterns.random(9, 4 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data), "fill");
        md.stop();

        // Reassemble with member 1 developing unreadable sectors (the drive reallocates them on rewrite).
        List<BlockDevice> wrapped = new ArrayList<>(devices);
        wrapped.set(1, new FaultyBlockDevice(devices.get(1), FaultPlan.builder(3).latentSectorError(2048 + 64, 64).build()));
        MdArray again = MdArray.start(ArrayAssembler.plan(wrapped, AssembleOptions.DEFAULT), false, RaidOptions.DEFAULTS,
                events::add, NanoClock.system());
        again.monitorHealth(new HealthPolicy(TimeUnit.MILLISECONDS.toNanos(20), true, true), events::add,
                NanoClock.system());
        // The monitor's first poll is its baseline: let it happen before the sectors go bad.
        while (again.healthMonitor().orElseThrow().polls() == 0) {
            Thread.sleep(5);
        }
        assertArrayEquals(data, Completions.read(again.array(), 0, data.length), "reads served from parity");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // generous: CI machines are loaded
        while (again.array().device().members().get(1).device() != devices.get(4)) {
            assertTrue(System.nanoTime() < deadline, "the spare never took slot 1: " + events);
            Thread.sleep(10);
        }
        assertTrue(events.stream().anyMatch(e -> e instanceof DriverEvent.PredictedFailure), "PredictedFailure raised");
        assertTrue(events.stream().noneMatch(e -> e instanceof DriverEvent.DegradedArray), "never degraded");
        assertSame(devices.get(4), again.array().device().members().get(1).device());
        again.array().failMember(0);
        assertArrayEquals(data, Completions.read(again.array(), 0, data.length), "the replacement carries slot 1");
        again.close();
    }
}
