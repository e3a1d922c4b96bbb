package org.orion.harness.spare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.orion.harness.spare.PoolKernel.array;
import static org.orion.harness.spare.PoolKernel.controller;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.event.DriverEvent;
import org.orion.harness.FirstSightEvents;

/**
 * What a monitor hears about arrays it sees for the first time (mdadm --monitor's first look), and
 * DeviceDisappeared when an array goes away.
 */
class FirstSightTest {
    @TempDir
    Path dir;

    /** The events with their times zeroed, for comparing. */
    private static List<String> described(List<DriverEvent> events) {
        return events.stream().map(e -> e.kind() + ": " + e.describe()).toList();
    }

    @Test
    void shouldReportNewArrayThenDegradedArrayAndSparesMissingForAnArrayAlreadyInThatState() throws Exception {
        try (PoolKernel k = PoolKernel.start(dir, controller("s", 4, "16MB", false)
                + array("md0", 6, List.of("s/d0", "s/d1", "s/d2", "s/d3"), "") + array("md1", 1,
                List.of("t/d0", "t/d1"), "spares = [\"t/d2\"]\n") + controller("t", 3, "16MB", false))) {
            assertEquals(List.of("NewArray: md0 started: raid6 clean, 4 of 4 members in sync, 0 spare(s)",
                    "NewArray: md1 started: raid1 clean, 2 of 2 members in sync, 1 spare(s)"),
                    described(FirstSightEvents.of(k.host.running(), 0, true)));
            k.array("md0").failMember(3);
            k.awaitEvent("no spare left", e -> e instanceof DriverEvent.SpareNotUsed);
            k.array("md1").removeSpare("t/d2");
            assertEquals(List.of("NewArray: md0 started: raid6 degraded, 3 of 4 members in sync, 0 spare(s)",
                    "DegradedArray: md0 is degraded: 1 member(s) missing, can survive 1 more failure(s)",
                    "NewArray: md1 started: raid1 clean, 2 of 2 members in sync, 0 spare(s)",
                    "SparesMissing: md1 has 0 spare(s) where 1 are expected"),
                    described(FirstSightEvents.of(k.host.running(), 0, true)));
            assertEquals(List.of("DegradedArray: md0 is degraded: 1 member(s) missing, can survive 1 more failure(s)",
                    "SparesMissing: md1 has 0 spare(s) where 1 are expected"),
                    described(FirstSightEvents.of(k.host.running(), 0, false)), "the kernel's own start: the driver "
                            + "already announced each array");
        }
    }

    @Test
    void shouldRaiseDeviceDisappearedWhenAnArrayStops() throws Exception {
        try (PoolKernel k = PoolKernel.start(dir, controller("s", 2, "16MB", false)
                + array("md0", 1, List.of("s/d0", "s/d1"), ""))) {
            k.host.stop("md0");
            assertEquals(List.of("md0 disappeared: array stopped"),
                    k.events(DriverEvent.DeviceDisappeared.class).stream().map(DriverEvent::describe).toList());
        }
    }
}
