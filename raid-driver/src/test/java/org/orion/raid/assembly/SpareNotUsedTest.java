package org.orion.raid.assembly;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
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
        MdArray md = MdArray.start(ArrayCreator.create(new CreateOptions("data", "h", 5, null, 64, 3, 1, 0, true, false),
                devices, 1L), false, RaidOptions.DEFAULTS, events::add, NanoClock.system());
        ((SimDisk) devices.get(3)).healthCounters().markFailed();
        md.array().failMember(1);
        DriverEvent.SpareNotUsed event = awaitSpareNotUsed(events);
        assertTrue(event.reason().contains("unhealthy"), event.reason());
        assertTrue(!md.array().device().memberStates()[1].isUsable(), "the unhealthy spare was not used");
        md.close();
    }
}
