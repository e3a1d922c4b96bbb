package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.ByteRange;
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
import org.orion.hw.sim.fault.Trigger;
import org.orion.raid.stripe.SyncKind;
import org.orion.raid.stripe.SyncListener;
import org.orion.raid.stripe.SyncResult;

/**
 * The monitor events a background pass raises, in mdadm's names: RebuildStarted, Rebuild20..80,
 * SpareActive or FailSpare, MismatchesFound / BadBlocksRecorded with the same array ranges the pass
 * result reports, and RebuildFinished.
 */
class PassEventsTest {
    private static final int CHUNK = 16 * 1024;
    private static final long DISK_BYTES = 1L << 20;

    private static BlockDevice spare(UnaryOperator<BlockDevice> wrap) {
        return wrap.apply(SimController.create("spare", SimPersonality.NVME, NanoClock.system(), LatencyModel.ZERO,
                List.of(new SimDiskSpec("s0", DISK_BYTES, 512, 4096, null, false))).disks().get(0));
    }

    private static SyncListener completing(CompletableFuture<SyncResult> done) {
        return Passes.into(done);
    }

    private static SyncResult rebuild(RaidArray array, int slot, BlockDevice target) throws Exception {
        CompletableFuture<SyncResult> done = new CompletableFuture<>();
        array.device().beginRecovery(slot, target, 0, 0, completing(done));
        return done.get(60, TimeUnit.SECONDS);
    }

    private static List<String> kinds(List<DriverEvent> events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.kind()));
        return out;
    }

    private static List<ByteRange> ranges(SyncResult result) {
        List<ByteRange> out = new ArrayList<>();
        result.mismatchRanges().forEach(r -> out.add(new ByteRange(r[0], r[1])));
        return out;
    }

    private static <T extends DriverEvent> T only(List<DriverEvent> events, Class<T> type) {
        List<T> found = new ArrayList<>();
        events.stream().filter(type::isInstance).forEach(e -> found.add(type.cast(e)));
        assertEquals(1, found.size(), "one " + type.getSimpleName() + " in " + kinds(events));
        return found.get(0);
    }

    @Test
    void shouldRaiseStartEveryTwentyPercentSpareActiveAndFinishedInOrderDuringARebuild() throws Exception {
        ArrayFixture f = ArrayFixture.build(5, "left-symmetric", 4, CHUNK, DISK_BYTES);
        int before = f.events.size();
        f.array.failMember(1);
        BlockDevice target = spare(UnaryOperator.identity());
        rebuild(f.array, 1, target);
        List<DriverEvent> pass = List.copyOf(f.events.subList(before, f.events.size()));
        assertEquals(List.of("Fail", "DegradedArray", "RebuildStarted", "Rebuild20", "Rebuild40", "Rebuild60", "Rebuild80", "SpareActive",
                "RebuildFinished"), kinds(pass));
        DriverEvent.RebuildStarted started = only(pass, DriverEvent.RebuildStarted.class);
        assertEquals("recovery", started.action());
        assertEquals(0, started.fromBytes());
        DriverEvent.SpareActive active = only(pass, DriverEvent.SpareActive.class);
        assertEquals(1, active.slot());
        assertEquals(target.info().name(), active.member());
        DriverEvent.RebuildFinished finished = only(pass, DriverEvent.RebuildFinished.class);
        assertTrue(finished.completed());
        assertEquals(0, finished.mismatchBytes());
        f.array.close();
    }

    @Test
    void shouldReportTheMismatchRangesOfACheckInItsEvent() throws Exception {
        ArrayFixture f = ArrayFixture.build(5, "left-symmetric", 4, CHUNK, DISK_BYTES);
        Completions.assertOk(Completions.write(f.array, 0, Patterns.random(3, (int) f.array.info().capacityBytes())),
                "fill");
        // Garbage straight onto member 2, behind the array's back, in two places.
        Completions.assertOk(Completions.write(f.disks.get(2), 5L * CHUNK, Patterns.random(4, 4096)), "corrupt");
        Completions.assertOk(Completions.write(f.disks.get(2), 20L * CHUNK + 8192, Patterns.random(5, 4096)), "corrupt");
        int before = f.events.size();
        CompletableFuture<SyncResult> done = new CompletableFuture<>();
        f.array.device().startSync(SyncKind.CHECK, 0, completing(done));
        SyncResult result = done.get(60, TimeUnit.SECONDS);
        List<DriverEvent> pass = List.copyOf(f.events.subList(before, f.events.size()));
        assertTrue(result.mismatchBytes() > 0, "the check found the garbage");
        DriverEvent.MismatchesFound found = only(pass, DriverEvent.MismatchesFound.class);
        assertEquals("check", found.action());
        assertEquals(result.mismatchBytes(), found.mismatchBytes());
        assertEquals(ranges(result), found.ranges());
        assertEquals(2, found.ranges().size(), "two separate stripes");
        assertEquals("RebuildFinished", pass.get(pass.size() - 1).kind(), "finished comes last");
        assertEquals(result.mismatchBytes(), ((DriverEvent.RebuildFinished) pass.get(pass.size() - 1)).mismatchBytes());
        f.array.close();
    }

    @Test
    void shouldRecordLostRangesOfARaid5RebuildAsBadBlocks() throws Exception {
        ArrayFixture f = ArrayFixture.build(5, "left-symmetric", 4, CHUNK, DISK_BYTES);
        Completions.assertOk(Completions.write(f.array, 0, Patterns.random(6, (int) f.array.info().capacityBytes())),
                "fill");
        f.reopenWith(slot -> slot == 0 ? d -> new FaultyBlockDevice(d,
                FaultPlan.builder(1).latentSectorError(7L * CHUNK / 512 + 8, 8).build()) : UnaryOperator.identity());
        f.array.failMember(2);
        BlockDevice target = spare(UnaryOperator.identity());
        int before = f.events.size();
        SyncResult result = rebuild(f.array, 2, target);
        List<DriverEvent> pass = List.copyOf(f.events.subList(before, f.events.size()));
        assertFalse(result.mismatchRanges().isEmpty(), "the rebuild lost something");
        DriverEvent.BadBlocksRecorded bad = only(pass, DriverEvent.BadBlocksRecorded.class);
        assertEquals(target.info().name(), bad.member());
        assertEquals(ranges(result), bad.ranges());
        assertTrue(kinds(pass).indexOf("SpareActive") < kinds(pass).indexOf("BadBlocksRecorded"));
        f.array.close();
    }

    @Test
    void shouldRaiseFailSpareWhenTheRebuildTargetFails() throws Exception {
        ArrayFixture f = ArrayFixture.build(5, "left-symmetric", 4, CHUNK, DISK_BYTES);
        int before = f.events.size();
        f.array.failMember(3);
        BlockDevice target = spare(d -> new FaultyBlockDevice(d,
                FaultPlan.builder(2).failStop(Trigger.atOperation(10)).build()));
        rebuild(f.array, 3, target);
        List<DriverEvent> pass = List.copyOf(f.events.subList(before, f.events.size()));
        // One Fail (the operator's); the spare's failure is FailSpare, and the spare never becomes active.
        assertEquals(List.of("Fail", "DegradedArray", "RebuildStarted", "FailSpare", "RebuildFinished"), kinds(pass));
        assertEquals(target.info().name(), only(pass, DriverEvent.FailSpare.class).spare());
        assertFalse(only(pass, DriverEvent.RebuildFinished.class).completed());
        f.array.close();
    }
}
