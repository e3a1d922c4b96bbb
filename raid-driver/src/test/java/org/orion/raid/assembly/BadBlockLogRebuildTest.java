package org.orion.raid.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orion.raid.assembly.LostRangeRig.CHUNK;
import static org.orion.raid.assembly.LostRangeRig.REBUILT;
import static org.orion.raid.assembly.LostRangeRig.sb;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.event.ByteRange;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.raid.md.BadBlockLog;
import org.orion.raid.md.BadBlockLogArea;
import org.orion.raid.md.FeatureMap;
import org.orion.raid.md.Superblock1;
import org.orion.raid.md.SuperblockLocator;

/**
 * md's bad-block log, end to end over simulated disks: a rebuild that cannot reconstruct some
 * blocks (RAID5 with an unreadable sector on a survivor, RAID6 with two members gone and one more
 * unreadable sector) finishes, records exactly those blocks in the new member's log and calls it in
 * sync; after a restart no rebuild starts, exactly the reported array ranges fail and everything
 * else reads back; a rewrite heals them and empties the log on disk.
 */
class BadBlockLogRebuildTest {
    private static final long SEED = 1969;

    @DisplayName("RAID5 / RAID6 with two members gone: lost blocks are logged, unreadable after a restart, healed by a rewrite")
    @ParameterizedTest(name = "RAID{0}")
    @ValueSource(ints = {5, 6})
    void shouldLogWhatARebuildLosesKeepItUnreadableAcrossARestartAndHealItByARewrite(int level) throws Exception {
        LostRangeRig rig = LostRangeRig.rebuilt(level, SEED + level, false);

        // The new member is in sync on disk, with exactly the stripe's block in its log.
        Superblock1 own = sb(rig.target);
        assertEquals(REBUILT, own.role());
        assertFalse(own.hasFeature(FeatureMap.RECOVERY_OFFSET), "in sync, not recovering");
        assertTrue(own.hasFeature(FeatureMap.BAD_BLOCKS), "bad blocks recorded");
        long firstSector = own.dataOffsetSectors() + rig.stripe * CHUNK / 512;
        assertEquals(List.of(new BadBlockLog.Range(firstSector, CHUNK / 512)),
                BadBlockLogArea.read(rig.target, own).ranges(), "the log holds exactly the lost block's sectors");
        assertEquals(merged(rig.expectedLost()), reported(rig), "the array ranges reported lost");

        rig.md.stop();
        AssemblyPlan plan = rig.plan();
        assertNull(plan.recovering(), "nothing to rebuild: " + plan.notes());
        assertEquals(List.of(List.of(rig.stripe * CHUNK, (rig.stripe + 1) * CHUNK)), asLists(
                plan.slots().get(REBUILT).badRanges()), "assembly read the log");
        rig.md = MdArray.start(plan, false, LostRangeRig.options(), rig.events::add,
                org.orion.driver.api.time.NanoClock.system());
        assertTrue(rig.md.rebuilding().isEmpty() && rig.md.array().device().engine().runningSync() == null,
                "no rebuild or resync starts");
        rig.assertReportedRangesFail();
        rig.assertEverythingElseReads(rig.data);

        byte[] expected = rewriteReportedSpan(rig);
        assertFalse(sb(rig.target).hasFeature(FeatureMap.BAD_BLOCKS),
                "the healed log was cleared on disk before the rewrite was acknowledged");

        rig.md.stop();
        plan = rig.plan();
        assertTrue(plan.slots().get(REBUILT).badRanges().isEmpty(), "nothing bad left");
        rig.md = MdArray.start(plan, false, LostRangeRig.options(), rig.events::add,
                org.orion.driver.api.time.NanoClock.system());
        assertArrayEquals(expected, readAll(rig), "everything reads back");
        rig.md.close();
    }

    @Test
    void shouldKeepTheNewMemberRecoveringWhenItHasNoBadBlockLogToRecordWhatItLost() throws Exception {
        LostRangeRig rig = LostRangeRig.failed(5, SEED, false, SimDiskSpec.heap("new", 8L << 20), LatencyModel.ZERO,
                false);
        rig.rebuild();
        Superblock1 own = sb(rig.target);
        assertEquals(0, own.bblogOffsetSectors(), "no log area (created with mdadm's bbl=no)");
        assertTrue(own.hasFeature(FeatureMap.RECOVERY_OFFSET) && own.recoveryOffsetSectors() == 0,
                "recorded as recovering from the start: " + own);
        rig.assertReportedRangesFail();

        rig.md.stop();
        assertNotNull(rig.plan().recovering(), "the next start rebuilds it again");
        rig.md = rig.assemble(rig.survivorsAndTarget());
        rig.awaitRebuild();
        rig.assertReportedRangesFail();
        rig.assertEverythingElseReads(rig.data);
        rig.md.close();
    }

    /**
     * A rebuild resumed from a checkpoint does not pass over the blocks below it again: those an
     * earlier run could not rebuild must come from the target's log, or they would be trusted
     * (here they hold zeroes, never written) at the end of the resumed run.
     */
    @Test
    void shouldKeepRangesLostBeforeACheckpointWhenTheRebuildResumesAfterIt() throws Exception {
        LostRangeRig rig = LostRangeRig.rebuilt(5, SEED + 7, false);
        rig.md.stop();
        // As a crash after a mid-rebuild checkpoint two stripes past the lost block would leave it.
        Superblock1 own = sb(rig.target);
        long checkpointSectors = (rig.stripe + 2) * CHUNK / 512;
        SuperblockLocator.write(rig.target, own.withRecoveryOffset(checkpointSectors));

        AssemblyPlan plan = rig.plan();
        assertNotNull(plan.recovering(), "the rebuild resumes");
        assertEquals(1, plan.recovering().slot().badRanges().size(), "with what the log says it lost");
        rig.md = MdArray.start(plan, false, LostRangeRig.options(), rig.events::add,
                org.orion.driver.api.time.NanoClock.system());
        rig.awaitRebuild();
        Superblock1 after = sb(rig.target);
        assertFalse(after.hasFeature(FeatureMap.RECOVERY_OFFSET), "in sync again");
        assertEquals(List.of(new BadBlockLog.Range(own.dataOffsetSectors() + rig.stripe * CHUNK / 512, CHUNK / 512)),
                BadBlockLogArea.read(rig.target, after).ranges(), "the earlier loss is still logged");
        rig.assertReportedRangesFail();
        rig.assertEverythingElseReads(rig.data);
        rig.md.close();
    }

    /**
     * A slow new member makes the rebuild last over a second, so checkpoints are written while it
     * runs: whenever the target's recovery_offset has passed the lost block, its log already holds it.
     */
    @Test
    void shouldNeverCheckpointPastALostBlockBeforeTheLogHoldsIt() throws Exception {
        LostRangeRig rig = LostRangeRig.failed(5, SEED + 11, false, SimDiskSpec.heap("new", 16L << 20),
                LatencyModel.of(0, 40_000_000, 0, 1L << 30), true);
        long lostEndSectors = (rig.stripe + 1) * CHUNK / 512;
        rig.startRebuild();
        boolean passed = false;
        while (!passed && !rig.md.awaitRebuildRecorded(5, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            Superblock1 own = sb(rig.target);
            if (own.hasFeature(FeatureMap.RECOVERY_OFFSET) && own.recoveryOffsetSectors() >= lostEndSectors) {
                passed = true;
                assertTrue(own.hasFeature(FeatureMap.BAD_BLOCKS), "the checkpoint came with the log: " + own);
                assertEquals(1, BadBlockLogArea.read(rig.target, own).ranges().size(), "holding the lost block");
            }
        }
        assertTrue(passed, "a checkpoint past the lost block was seen while the rebuild ran");
        rig.awaitRebuild();
        rig.assertReportedRangesFail();
        rig.md.close();
    }

    /** Writes fresh data over the span of the reported ranges in one request; returns the array's new content. */
    static byte[] rewriteReportedSpan(LostRangeRig rig) {
        long start = Long.MAX_VALUE;
        long end = 0;
        for (ByteRange r : rig.reportedLost()) {
            start = Math.min(start, r.startBytes());
            end = Math.max(end, r.endBytes());
        }
        byte[] fresh = Patterns.random(rig.stripe, (int) (end - start));
        Completions.assertOk(Completions.write(rig.md.array(), start, fresh), "rewrite of the lost ranges");
        byte[] expected = rig.data.clone();
        System.arraycopy(fresh, 0, expected, (int) start, fresh.length);
        return expected;
    }

    static byte[] readAll(LostRangeRig rig) {
        byte[] all = new byte[rig.data.length];
        for (int at = 0; at < all.length; at += 4 << 20) {
            int length = Math.min(4 << 20, all.length - at);
            System.arraycopy(Completions.read(rig.md.array(), at, length), 0, all, at, length);
        }
        return all;
    }

    private static List<List<Long>> reported(LostRangeRig rig) {
        List<List<Long>> out = new ArrayList<>();
        for (ByteRange r : rig.reportedLost()) {
            out.add(List.of(r.startBytes(), r.endBytes()));
        }
        return out;
    }

    private static List<List<Long>> merged(List<long[]> sorted) {
        List<List<Long>> out = new ArrayList<>();
        long[] open = null;
        for (long[] r : sorted) {
            if (open != null && r[0] <= open[1]) {
                open[1] = Math.max(open[1], r[1]);
            } else {
                if (open != null) {
                    out.add(List.of(open[0], open[1]));
                }
                open = r.clone();
            }
        }
        if (open != null) {
            out.add(List.of(open[0], open[1]));
        }
        return out;
    }

    private static List<List<Long>> asLists(List<long[]> ranges) {
        List<List<Long>> out = new ArrayList<>();
        ranges.forEach(r -> out.add(List.of(r[0], r[1])));
        return out;
    }
}
