package org.orion.raid.assembly;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDisk;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.raid.RaidOptions;

/** A spare that does not kick in always says why: none left, or the spare is unhealthy. */
class SpareNotUsedTest {
    private static List<BlockDevice> disks(String controller, int count) {
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(new SimDiskSpec("disk" + i, 8L << 20, 512, 4096, null, false));
        }
        return new ArrayList<>(SimController.create(controller, SimPersonality.SATA, NanoClock.system(), LatencyModel.ZERO,
                specs).disks());
    }

    private static DriverEvent.SpareNotUsed awaitSpareNotUsed(List<DriverEvent> events) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (DriverEvent e : events) {
                if (e instanceof DriverEvent.SpareNotUsed s) {
                    return s;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no SpareNotUsed event: " + events);
    }

    @Test
    void shouldSayNoSpareIsLeftWhenAMemberFailsWithoutOne() throws Exception {
        List<DriverEvent> events = new CopyOnWriteArrayList<>();
        MdArray md = MdArray.start(ArrayCreator.create(new CreateOptions("data", "h", 5, null, 64, 3, 0, 0, true, false),
                disks("a", 3), 1L), false, RaidOptions.DEFAULTS, events::add, NanoClock.system());
        md.array().failMember(0);
        assertTrue(awaitSpareNotUsed(events).reason().contains("no spare left"));
        md.close();
    }

    @Test
    void shouldPassOverAnUnhealthySpareAndSaySo() throws Exception {
        List<DriverEvent> events = new CopyOnWriteArrayList<>();
        List<BlockDevice> devices = disks("b", 4);
        AssemblyPlan created = ArrayCreator.create(new CreateOptions("data", "h", 5, null, 64, 3, 1, 0, true, false),
                devices, 1L);
        // Unhealthy before the array starts, so it is never armed as the standby. Marked after the
        // start, it raced the arming: armed first, a rebuild this small could finish before the
        // conductor's second look at its health, and is then kept (the health monitor's job).
        ((SimDisk) devices.get(3)).healthCounters().markFailed();
        MdArray md = MdArray.start(created, false, RaidOptions.DEFAULTS, events::add, NanoClock.system());
        md.array().failMember(1);
        DriverEvent.SpareNotUsed event = awaitSpareNotUsed(events);
        assertTrue(event.reason().contains("unhealthy"), event.reason());
        assertTrue(!md.array().device().memberStates()[1].isUsable(), "the unhealthy spare was not used");
        md.close();
    }

    @Test
    void shouldRefuseToAddADeviceWhenNoMemberIsLeftToRecordItsRebuildAndStillStop() throws Exception {
        List<DriverEvent> events = new CopyOnWriteArrayList<>();
        List<BlockDevice> devices = disks("c", 3);
        MdArray md = MdArray.start(ArrayCreator.create(new CreateOptions("data", "h", 1, null, 0, 2, 0, 0, true, false),
                devices.subList(0, 2), 1L), false, RaidOptions.DEFAULTS, events::add, NanoClock.system());
        md.array().failMember(0);
        md.array().failMember(1);
        OrionException refused = assertThrows(OrionException.class, () -> md.addMember(devices.get(2)));
        assertTrue(refused.getMessage().contains("no member of data accepted the superblock update"), refused.getMessage());
        assertTrue(events.stream().anyMatch(e -> e instanceof DriverEvent.SpareNotUsed s
                && s.reason().contains("no member accepted")), "SpareNotUsed says why: " + events);
        assertTrue(md.rebuilding().isEmpty(), "no rebuild is left pretending to run");
        // Nothing can record the stop either: it is logged, and the array still stops and closes.
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), md::close, "stop waits for no rebuild");
    }
}
