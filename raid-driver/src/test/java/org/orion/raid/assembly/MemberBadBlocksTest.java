package org.orion.raid.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.raid.md.BadBlockLogArea;
import org.orion.raid.md.FeatureMap;
import org.orion.raid.md.MdCreateRequest;
import org.orion.raid.md.MdCreateRules;
import org.orion.raid.md.Superblock1;

/**
 * The limits of a member's bad-block log: ranges that need more entries than its one page holds
 * never make a member "in sync" (the caller keeps it recovering), and a rebuild checkpoint that
 * cannot log a range it lost stops short of that range instead of passing it.
 */
class MemberBadBlocksTest {
    private static final long DEVICE_SECTORS = 40_000;

    /** A fresh member (log of 512 entries) of a new RAID5, on a heap disk. */
    private static BlockDevice disk() {
        return SimController.create("b", SimPersonality.SATA, NanoClock.system(), LatencyModel.ZERO,
                List.of(SimDiskSpec.heap("d", DEVICE_SECTORS * 512))).disks().get(0);
    }

    private static Superblock1 member() {
        List<MdCreateRequest.Device> devices = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            devices.add(new MdCreateRequest.Device("d" + i, DEVICE_SECTORS));
        }
        return MdCreateRules.plan(MdCreateRequest.of("x", "h", 5, 2, 64, 3, devices, 1L), new Random(1)).members()
                .get(0).superblock();
    }

    /** {@code count} separate 1-sector ranges, 8 sectors apart (data-area bytes). */
    private static List<long[]> scattered(int count) {
        List<long[]> ranges = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ranges.add(new long[] {i * 4096L, i * 4096L + 512});
        }
        return ranges;
    }

    @Test
    void shouldNotCallAMemberInSyncWhenItsLogCannotHoldTheRanges() {
        Superblock1 sb = member();
        assertTrue(BadBlockLogArea.usable(sb), "mdadm reserves a log: " + sb);
        MemberBadBlocks badBlocks = new MemberBadBlocks("x");
        BlockDevice device = disk();

        assertNull(badBlocks.inSync(device, sb, scattered(513)), "513 ranges do not fit 512 entries");
        Superblock1 fits = badBlocks.inSync(device, sb, scattered(512));
        assertTrue(fits.hasFeature(FeatureMap.BAD_BLOCKS), "512 do");
        assertEquals(512, BadBlockLogArea.read(device, fits).ranges().size());
        assertFalse(badBlocks.inSync(device, fits, List.of()).hasFeature(FeatureMap.BAD_BLOCKS),
                "none left: the flag is cleared");
    }

    @Test
    void shouldHoldACheckpointBeforeALostRangeItCannotLog() {
        Superblock1 recovering = member().withRecoveryOffset(0);
        MemberBadBlocks badBlocks = new MemberBadBlocks("x");
        BlockDevice device = disk();
        List<long[]> lost = scattered(600);
        long[] first = lost.get(0);

        Superblock1 held = badBlocks.checkpoint(device, recovering, 10_000, lost);
        assertEquals(first[0] / 512, held.recoveryOffsetSectors(), "stops at the first range it could not log");
        assertFalse(held.hasFeature(FeatureMap.BAD_BLOCKS));

        Superblock1 logged = badBlocks.checkpoint(device, recovering, 10_000, lost.subList(0, 3));
        assertEquals(10_000, logged.recoveryOffsetSectors(), "three ranges fit: the checkpoint passes them");
        assertTrue(logged.hasFeature(FeatureMap.BAD_BLOCKS));
        assertEquals(3, BadBlockLogArea.read(device, logged).ranges().size());
        assertEquals(20_000, badBlocks.checkpoint(device, logged, 20_000, lost.subList(0, 3)).recoveryOffsetSectors(),
                "ranges already in the log need no new write");
    }
}
