package org.orion.raid.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.array.ArraySpec;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.io.IoStatus;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.ManualClock;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDisk;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.hw.sim.fault.FaultPlan;
import org.orion.hw.sim.fault.FaultyBlockDevice;
import org.orion.raid.RaidArray;
import org.orion.raid.RaidDriver;
import org.orion.raid.RaidOptions;
import org.orion.raid.array.MemberState;

/**
 * The monitor watching a real RAID5 over simulated disks: latent sector errors found by reads are
 * corrected by the array, the disk reallocates the sectors, and the monitor predicts its failure.
 */
class ArrayMembersTest {
    private static final long DISK_BYTES = 4L << 20;
    private static final long PERIOD = TimeUnit.HOURS.toNanos(1);
    private static final long SEED = 20240611L;

    private final ManualClock clock = new ManualClock();
    private final List<DriverEvent> events = new CopyOnWriteArrayList<>();
    private SimController controller;
    private RaidArray array;

    private RaidArray raid5(int faultySlot, FaultPlan plan) {
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            specs.add(new SimDiskSpec("d" + i, DISK_BYTES, 512, 4096, null, false));
        }
        controller = SimController.create("am", SimPersonality.SATA, clock, LatencyModel.ZERO, specs);
        List<BlockDevice> members = new ArrayList<>();
        for (SimDisk disk : controller.disks()) {
            members.add(members.size() == faultySlot ? new FaultyBlockDevice(disk, plan) : disk);
        }
        array = RaidDriver.buildArray(new ArraySpec("md5", 5, null, 64 * 1024, 4, 0), members,
                RaidOptions.DEFAULTS.withStripeCacheEntries(32), events::add, clock);
        return array;
    }

    @AfterEach
    void close() {
        if (array != null) {
            array.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void shouldWatchThePhysicalDiskUnderEveryInSyncMemberThroughItsWrappers() throws InterruptedException {
        raid5(2, FaultPlan.none());
        List<WatchedDisk> watched = ArrayMembers.of(array.device()).get();
        assertEquals(List.of(0, 1, 2, 3), watched.stream().map(WatchedDisk::slot).toList());
        assertSame(controller.disks().get(2), watched.get(2).disk(), "the fault injector is peeled off");
        array.device().failMember(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (array.device().memberStates()[1] != MemberState.FAULTY && System.nanoTime() < deadline) {
            Thread.sleep(1); // the ring thread marks it
        }
        assertEquals(List.of(0, 2, 3), ArrayMembers.of(array.device()).get().stream().map(WatchedDisk::slot).toList(),
                "a faulty member is out of the array and not watched");
        assertTrue(ArrayMembers.physicalDiskOf(array.device()).isEmpty(), "an array has no health counters of its own");
    }

    @Test
    void shouldPredictTheFailureOfAMemberWhoseLatentSectorErrorsTheArrayCorrected() {
        raid5(1, FaultPlan.builder(SEED).latentSectorError(4096, 64).build());
        List<String> requests = new ArrayList<>();
        HealthMonitor monitor = new HealthMonitor("md5", ArrayMembers.of(array.device()),
                new HealthPolicy(PERIOD, true, true), () -> true, (slot, reason) -> requests.add(slot + ": " + reason),
                events::add, clock);
        clock.addListener(new ManualClock.Listener() {
            @Override
            public void timeAdvanced(long nowNanos) {
                monitor.runDue();
            }

            @Override
            public long nextDueNanos() {
                return monitor.nextDueNanos();
            }
        });
        clock.advance(0);
        int chunk = 64 * 1024;
        ByteBuffer buffer = ByteBuffer.allocateDirect(chunk);
        for (long at = 0; at < array.info().capacityBytes(); at += chunk) {
            assertEquals(IoStatus.OK, SyncIo.read(array, at, buffer.clear(), 0, chunk), "read at " + at + " [seed " + SEED + "]");
        }
        assertTrue(events.stream().anyMatch(e -> e instanceof DriverEvent.ReadErrorCorrected), events.toString());
        assertEquals(64, controller.disks().get(1).healthCounters().reallocatedSectors(), "rewritten sectors reallocated");
        clock.advance(PERIOD);
        List<String> predicted = events.stream().filter(e -> e instanceof DriverEvent.PredictedFailure)
                .map(DriverEvent::describe).toList();
        assertEquals(List.of("am/d1 predicted to fail: md5 slot 1: reallocated sectors rose from 0 to 64"), predicted);
        assertEquals(List.of("1: reallocated sectors rose from 0 to 64"), requests);
    }
}
