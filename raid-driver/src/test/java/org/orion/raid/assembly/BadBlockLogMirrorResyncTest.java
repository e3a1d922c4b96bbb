package org.orion.raid.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.raid.RaidOptions;
import org.orion.raid.level.RaidLayout;
import org.orion.raid.level.StripeMap;
import org.orion.raid.md.BadBlockLogArea;
import org.orion.raid.md.FeatureMap;
import org.orion.raid.md.Superblock1;
import org.orion.raid.md.SuperblockLocator;
import org.orion.raid.stripe.SyncKind;
import org.orion.raid.stripe.SyncResult;

/**
 * Campaign seed 5360 at the md level: a mirrored block whose every copy is recorded in its member's
 * bad-block log (a RAID10 member rebuilt from a partner that had lost ranges, after a power cut).
 * Assembly reads both logs; the resync the crash calls for, and a later check and repair, must pass
 * over the block as unreadable and end, the block must read as an error, and a write of it must
 * complete and heal both copies. Before the fix the resync piece threw with the stripe locked: the
 * pass, and every request on that stripe, waited for ever.
 */
class BadBlockLogMirrorResyncTest {
    private static final long DISK_BYTES = 8L << 20;
    /** The stripe whose block is lost on every copy. */
    private static final long LOST_STRIPE = 3;
    /** The fill goes in requests of this size (a whole array is more than one request may carry). */
    private static final int FILL_BYTES = 1 << 20;

    @ParameterizedTest(name = "raid{0} over {1} members")
    @CsvSource({"1, 2", "10, 4"})
    void shouldEndEveryPassAndServeRequestsWhenEveryCopyOfABlockIsRecordedBad(int level, int memberCount)
            throws Exception {
        List<BlockDevice> members = disks("bbm" + level, memberCount);
        MdArray md = start(ArrayCreator.create(new CreateOptions("data", "h", level, null, level == 1 ? 0 : 64, memberCount, 0, 0, true,
                false), members, 1_700_000_000L));
        byte[] data = Patterns.random(5360 + level, (int) md.array().info().capacityBytes());
        for (int at = 0; at < data.length; at += FILL_BYTES) {
            Completions.assertOk(Completions.write(md.array(), at, Arrays.copyOfRange(data, at,
                    Math.min(data.length, at + FILL_BYTES))), "fill at " + at);
        }
        RaidLayout layout = md.array().device().layout();
        StripeMap map = layout.newStripeMap();
        layout.map(LOST_STRIPE, map);
        int chunkBytes = layout.chunkBytes();
        long lostStart = LOST_STRIPE * layout.stripeBytes();
        md.array().device().stop(); // the crash: the superblocks still say active, so assembly resyncs
        for (int c = 0; c < map.copies; c++) {
            long offsetBytes = map.offsetBytes(0, c);
            recordBad(members.get(map.member(0, c)), offsetBytes, offsetBytes + chunkBytes);
        }

        AssemblyPlan dirty = ArrayAssembler.plan(members, AssembleOptions.DEFAULT);
        // Asked of the plan, not of the running array: an 8 MiB resync may end before a look at it.
        assertTrue(dirty.dirty(), "a dirty mirror is resynced");
        MdArray md2 = start(dirty);
        SyncResult resync = md2.syncDone().get(60, TimeUnit.SECONDS);
        assertEquals(layout.stripeCount(), resync.stripesDone(), "the resync reached the end");
        assertTrue(resync.unreadableStripes() > 0, "the lost block was passed over as unreadable: " + resync);
        assertFalse(md2.resyncPending());
        for (SyncKind kind : new SyncKind[] {SyncKind.CHECK, SyncKind.REPAIR}) {
            SyncResult pass = md2.startSync(kind, 0).get(60, TimeUnit.SECONDS);
            assertEquals(layout.stripeCount(), pass.stripesDone(), kind + " reached the end");
            assertTrue(pass.unreadableStripes() > 0, kind + " passed over the lost block: " + pass);
        }
        assertEquals(IoStatus.MEDIA_ERROR, Completions.run(md2.array(), IoOp.READ, lostStart, chunkBytes,
                ByteBuffer.allocate(chunkBytes), 0, 0), "no copy of the block is trusted: an error, never stale data");
        byte[] before = Arrays.copyOfRange(data, 0, (int) lostStart);
        assertArrayEquals(before, Completions.read(md2.array(), 0, before.length), "the blocks before it read");

        byte[] rewritten = Patterns.random(1, chunkBytes);
        Completions.assertOk(Completions.write(md2.array(), lostStart, rewritten.clone()), "a write of the block");
        assertArrayEquals(rewritten, Completions.read(md2.array(), lostStart, chunkBytes), "the write healed it");
        md2.stop();
        for (int c = 0; c < map.copies; c++) {
            BlockDevice member = members.get(map.member(0, c));
            assertFalse(sb(member).hasFeature(FeatureMap.BAD_BLOCKS), member.info().name() + "'s log is empty again");
        }
        MdArray md3 = start(ArrayAssembler.plan(members, AssembleOptions.DEFAULT));
        assertArrayEquals(rewritten, Completions.read(md3.array(), lostStart, chunkBytes), "still there after a restart");
        md3.close();
    }

    /** Writes {@code [startBytes, endBytes)} of the member's data area into its log, as a lossy rebuild does. */
    private static void recordBad(BlockDevice member, long startBytes, long endBytes) {
        Superblock1 sb = sb(member);
        BadBlockLogArea.write(member, sb, BadBlockLogArea.fromDataRanges(List.of(new long[] {startBytes, endBytes}), sb));
        SuperblockLocator.write(member, sb.toBuilder().featureMap(sb.featureMap() | FeatureMap.BAD_BLOCKS)
                .buildWithChecksum());
    }

    private static List<BlockDevice> disks(String controller, int count) {
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(SimDiskSpec.heap("disk" + i, DISK_BYTES));
        }
        return new ArrayList<>(SimController.create(controller, SimPersonality.SATA, NanoClock.system(),
                LatencyModel.ZERO, specs).disks());
    }

    private static MdArray start(AssemblyPlan plan) {
        return MdArray.start(plan, false, RaidOptions.DEFAULTS.withStripeCacheEntries(32), EventSink.discarding(),
                NanoClock.system());
    }

    private static Superblock1 sb(BlockDevice device) {
        return SuperblockLocator.find(device).orElseThrow().superblock();
    }
}
