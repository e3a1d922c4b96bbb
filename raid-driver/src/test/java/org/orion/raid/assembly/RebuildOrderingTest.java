package org.orion.raid.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDisk;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.raid.RaidOptions;
import org.orion.raid.md.DevRoles;
import org.orion.raid.md.FeatureMap;
import org.orion.raid.md.Superblock1;
import org.orion.raid.md.SuperblockLocator;

/**
 * What a fast failover and sparse checkpoints may and may not reorder: a standby spare starts
 * rebuilding in the ring event that saw the failure, before any superblock names it, and one
 * superblock update then records both the failure and the spare's slot; a rebuild checkpoint
 * (recovery_offset) never claims data the new member could still lose in a power cut.
 */
class RebuildOrderingTest {
    private static final long DISK_BYTES = 16L << 20;

    private static List<BlockDevice> disks(String controller, int count, LatencyModel latency, boolean volatileCache) {
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(SimDiskSpec.heap("disk" + i, DISK_BYTES).withVolatileCache(volatileCache));
        }
        return new ArrayList<>(SimController.create(controller, SimPersonality.SATA, NanoClock.system(), latency, specs)
                .disks());
    }

    /** RAID5, 64 KiB chunks, over {@code devices}: the first four are members, the rest spares. */
    private static MdArray create(List<BlockDevice> devices, EventSink events) {
        return create(devices, events, RaidOptions.DEFAULTS.withStripeCacheEntries(32));
    }

    private static MdArray create(List<BlockDevice> devices, EventSink events, RaidOptions options) {
        return MdArray.start(ArrayCreator.create(new CreateOptions("data", "h", 5, null, 64, 4, devices.size() - 4, 0,
                true, false), devices, 1L), false, options, events, NanoClock.system());
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(2);
        }
    }

    private static Superblock1 sb(BlockDevice d) {
        return SuperblockLocator.find(d).orElseThrow().superblock();
    }

    private static int roleOf(Superblock1 in, Superblock1 member) {
        return in.devRoles().roleOf(member.devNumber());
    }

    @Test
    void shouldStartTheSparesRebuildBeforeAnySuperblockNamesItThenRecordFailureAndSlotInOneUpdate() throws Exception {
        List<BlockDevice> devices = disks("a", 4, LatencyModel.ZERO, false);
        // A spare whose writes take 5 ms, so the rebuild is still running when the update is checked.
        BlockDevice spare = disks("s", 1, LatencyModel.of(0, 5_000_000, 0, 1L << 30), false).get(0);
        devices.add(spare);
        int[] spareRoleAtStart = {Integer.MIN_VALUE};
        String[] startThread = {null};
        EventSink events = event -> {
            if (event instanceof DriverEvent.RebuildStarted) {
                startThread[0] = Thread.currentThread().getName();
                spareRoleAtStart[0] = roleOf(sb(spare), sb(spare));
            }
        };
        MdArray md = create(devices, events);
        byte[] data = Patterns.random(11, 4 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data), "fill");
        Superblock1 failing = sb(devices.get(2));
        long eventsBefore = sb(devices.get(0)).events();

        md.array().failMember(2);
        waitFor(() -> roleOf(sb(spare), sb(spare)) == 2, "the spare's superblock names it for slot 2");

        assertTrue(startThread[0].startsWith("orion-ring-"), "the rebuild began on the ring thread: " + startThread[0]);
        assertEquals(DevRoles.SPARE, spareRoleAtStart[0], "the rebuild began before any superblock update");
        Superblock1 survivor = sb(devices.get(0));
        assertEquals(eventsBefore + 1, survivor.events(), "one update recorded the failure and the spare's slot");
        assertEquals(DevRoles.FAULTY, roleOf(survivor, failing), "the failed member is faulty in it");
        assertEquals(2, roleOf(survivor, sb(spare)), "and the spare holds slot 2 in it");
        assertTrue(sb(spare).hasFeature(FeatureMap.RECOVERY_OFFSET), "recovering, from its recovery_offset");

        waitFor(() -> md.array().device().members().get(2).device() == spare, "the spare is in sync in slot 2");
        md.array().failMember(0);
        assertArrayEquals(data, Completions.read(md.array(), 0, data.length), "the rebuilt member carries its data");
        md.close();
    }

    @Test
    void shouldRecordTheSpareInSyncWhenItsRebuildEndsWithinTheFailingEvent() throws Exception {
        // Zero-latency members at HIGH priority on an idle array: the whole rebuild runs inside the
        // ring event that saw the failure, before the conductor has recorded the failure.
        List<BlockDevice> devices = disks("c", 5, LatencyModel.ZERO, false);
        MdArray md = create(devices, EventSink.discarding(), RaidOptions.DEFAULTS.withStripeCacheEntries(32)
                .withRebuildPriority(org.orion.raid.RebuildPriority.HIGH));
        byte[] data = Patterns.random(13, 4 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data), "fill");
        Superblock1 failing = sb(devices.get(1));
        BlockDevice spare = devices.get(4);
        Superblock1 spareBefore = sb(spare);

        md.array().failMember(1);
        waitFor(() -> md.array().device().members().get(1).device() == spare, "the spare is in sync in slot 1");
        md.stop();

        Superblock1 after = sb(spare);
        assertEquals(spareBefore.devNumber(), after.devNumber(), "the spare kept its own superblock");
        assertEquals(1, roleOf(after, after), "and holds slot 1");
        assertTrue(!after.hasFeature(FeatureMap.RECOVERY_OFFSET), "fully rebuilt");
        assertTrue(roleOf(sb(devices.get(0)), failing) != 1, "the failed member no longer holds slot 1");
        AssemblyPlan plan = ArrayAssembler.plan(new ArrayList<>(List.of(devices.get(0), devices.get(2), devices.get(3),
                spare)), AssembleOptions.DEFAULT);
        assertEquals(0, plan.missingCount(), plan.notes().toString());
        MdArray again = MdArray.start(plan, false, RaidOptions.DEFAULTS, EventSink.discarding(), NanoClock.system());
        again.array().failMember(0);
        assertArrayEquals(data, Completions.read(again.array(), 0, data.length), "the rebuilt member carries its data");
        again.close();
    }

    @Test
    void shouldStopTheStandbysRebuildAndSayWhyWhenItTurnedUnhealthyAfterBeingArmed() throws Exception {
        List<BlockDevice> devices = disks("u", 4, LatencyModel.ZERO, false);
        // The armed standby: slow writes, so its rebuild is still running when the conductor checks it.
        BlockDevice standby = disks("v", 1, LatencyModel.of(0, 5_000_000, 0, 1L << 30), false).get(0);
        devices.add(standby);
        List<DriverEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        MdArray md = create(devices, events::add);
        BlockDevice second = disks("w", 1, LatencyModel.ZERO, false).get(0);
        md.addMember(second); // returns once the conductor has armed the standby and added this spare
        byte[] data = Patterns.random(14, 2 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data), "fill");
        ((SimDisk) standby).healthCounters().markFailed();

        md.array().failMember(1);
        waitFor(() -> md.array().device().members().get(1).device() == second, "the second spare is in sync in slot 1");

        DriverEvent.SpareNotUsed passed = (DriverEvent.SpareNotUsed) events.stream()
                .filter(e -> e instanceof DriverEvent.SpareNotUsed).findFirst().orElseThrow();
        assertEquals(standby.info().name(), passed.spare());
        assertTrue(passed.reason().contains("unhealthy"), passed.reason());
        assertEquals(DevRoles.SPARE, roleOf(sb(standby), sb(standby)), "the unhealthy standby is still a spare");
        md.array().failMember(0);
        assertArrayEquals(data, Completions.read(md.array(), 0, data.length));
        md.close();
    }

    /** Once armed, every READ completes with TIMEOUT (a member that stopped answering reads). */
    private static final class ReadTimeouts extends org.orion.driver.api.block.FilterBlockDevice {
        volatile boolean armed;

        ReadTimeouts(BlockDevice delegate) {
            super(delegate);
        }

        @Override
        public IoStatus submit(org.orion.driver.api.io.IoRequest request) {
            if (armed && request.op() == org.orion.driver.api.io.IoOp.READ) {
                request.complete(IoStatus.TIMEOUT);
                return IoStatus.OK;
            }
            return super.submit(request);
        }
    }

    /**
     * A read sent straight to a member (no ring hop) fails with a timeout: the ring marks the member
     * faulty and the armed standby takes over in that same event. The failure once bypassed the
     * engine's failover start, so the claimed rebuild never began, the superblocks never recorded
     * the failure, and the read, held until they did, never completed (campaign seeds 246, 256).
     */
    @Test
    void shouldCompleteADirectReadWhoseMemberTimedOutAndStartTheStandbysRebuild() throws Exception {
        List<BlockDevice> devices = disks("f", 5, LatencyModel.ZERO, false);
        ReadTimeouts failing = new ReadTimeouts(devices.get(1));
        devices.set(1, failing);
        BlockDevice standby = devices.get(4);
        MdArray md = create(devices, EventSink.discarding());
        md.addMember(disks("g", 1, LatencyModel.ZERO, false).get(0)); // returns once the standby is armed
        byte[] data = Patterns.random(15, 2 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data), "fill");
        org.orion.raid.level.StripeMap map = md.array().device().layout().newStripeMap();
        md.array().device().layout().map(0, map);
        int block = 0;
        while (map.member(block, 0) != 1) {
            block++;
        }
        int offset = block * 64 * 1024;

        failing.armed = true;
        assertArrayEquals(java.util.Arrays.copyOfRange(data, offset, offset + 4096),
                Completions.read(md.array(), offset, 4096), "the read completes, served from redundancy");
        waitFor(() -> md.array().device().members().get(1).device() == standby, "the standby is in sync in slot 1");
        assertArrayEquals(data, Completions.read(md.array(), 0, data.length));
        md.close();
    }

    @Test
    void shouldNeverCheckpointRebuildProgressThatAPowerCutCouldTakeBack() throws Exception {
        List<BlockDevice> devices = disks("b", 4, LatencyModel.ZERO, false);
        // A new member with a volatile write cache and 30 ms writes: the rebuild lasts over a second,
        // so at least one checkpoint is written while it runs.
        BlockDevice target = disks("t", 1, LatencyModel.of(0, 30_000_000, 0, 1L << 30), true).get(0);
        MdArray md = create(devices, EventSink.discarding());
        byte[] data = Patterns.random(12, 8 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data), "fill");
        md.array().failMember(3);
        waitFor(() -> !md.array().device().memberStates()[3].isUsable(), "slot 3 is faulty");
        md.addMember(target);
        waitFor(() -> sb(target).hasFeature(FeatureMap.RECOVERY_OFFSET) && sb(target).recoveryOffsetSectors() > 0,
                "a checkpoint is on the new member");

        ((SimDisk) target).powerLoss();
        Superblock1 after = sb(target);
        long checkpointBytes = after.recoveryOffsetSectors() * 512;
        assertTrue(checkpointBytes > 0, "the checkpoint survived the power cut");
        long dataOffsetBytes = after.dataOffsetSectors() * 512;
        // The failed member was only marked faulty: its content is what slot 3 must hold.
        ByteBuffer expected = ByteBuffer.allocate((int) checkpointBytes);
        ByteBuffer rebuilt = ByteBuffer.allocate((int) checkpointBytes);
        assertEquals(IoStatus.OK, SyncIo.read(devices.get(3), dataOffsetBytes, expected, 0, (int) checkpointBytes));
        assertEquals(IoStatus.OK, SyncIo.read(target, dataOffsetBytes, rebuilt, 0, (int) checkpointBytes));
        assertArrayEquals(expected.array(), rebuilt.array(), "every byte below recovery_offset was durable");
        md.close();
    }

    /**
     * The superblock that ends a rebuild (the new member in sync, no recovery_offset) is written
     * with FUA; the rebuilt data before it was not flushed, so a power cut after it left the member
     * trusted as in sync with stale blocks (campaign seed 1771: a RAID6 read returned write #0).
     */
    @Test
    void shouldMakeTheRebuiltDataDurableBeforeTheSuperblockCallsTheNewMemberInSync() throws Exception {
        List<BlockDevice> devices = disks("e", 4, LatencyModel.ZERO, false);
        BlockDevice target = disks("n", 1, LatencyModel.ZERO, true).get(0);
        MdArray md = create(devices, EventSink.discarding());
        byte[] data = Patterns.random(16, 8 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data), "fill");
        md.array().failMember(3);
        waitFor(() -> !md.array().device().memberStates()[3].isUsable(), "slot 3 is faulty");
        md.addMember(target);
        waitFor(() -> roleOf(sb(target), sb(target)) == 3 && !sb(target).hasFeature(FeatureMap.RECOVERY_OFFSET),
                "the new member's superblock says it is in sync in slot 3");

        ((SimDisk) target).powerLoss();
        Superblock1 after = sb(target);
        assertEquals(3, roleOf(after, after), "the in-sync superblock survived the power cut");
        assertTrue(!after.hasFeature(FeatureMap.RECOVERY_OFFSET), "and claims the whole member");
        long dataOffsetBytes = after.dataOffsetSectors() * 512;
        int memberBytes = (int) (after.sizeSectors() * 512);
        // The failed member was only marked faulty: its content is what slot 3 must hold.
        ByteBuffer expected = ByteBuffer.allocate(memberBytes);
        ByteBuffer rebuilt = ByteBuffer.allocate(memberBytes);
        assertEquals(IoStatus.OK, SyncIo.read(devices.get(3), dataOffsetBytes, expected, 0, memberBytes));
        assertEquals(IoStatus.OK, SyncIo.read(target, dataOffsetBytes, rebuilt, 0, memberBytes));
        assertArrayEquals(expected.array(), rebuilt.array(), "every rebuilt byte was durable before the superblock said so");
        md.close();
    }

    /** Every FLUSH completes with MEDIA_ERROR; reads and writes pass (a cache that cannot be emptied). */
    private static final class FailingFlushes extends org.orion.driver.api.block.FilterBlockDevice {
        FailingFlushes(BlockDevice delegate) {
            super(delegate);
        }

        @Override
        public IoStatus submit(org.orion.driver.api.io.IoRequest request) {
            if (request.op() == org.orion.driver.api.io.IoOp.FLUSH) {
                request.complete(IoStatus.MEDIA_ERROR);
                return IoStatus.OK;
            }
            return super.submit(request);
        }
    }

    @Test
    void shouldFailTheNewMemberInsteadOfCallingItInSyncWhenItsDataCannotBeFlushed() throws Exception {
        List<BlockDevice> devices = disks("h", 4, LatencyModel.ZERO, false);
        BlockDevice target = new FailingFlushes(disks("k", 1, LatencyModel.ZERO, true).get(0));
        MdArray md = create(devices, EventSink.discarding());
        byte[] data = Patterns.random(17, 4 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data), "fill");
        md.array().failMember(3);
        waitFor(() -> !md.array().device().memberStates()[3].isUsable(), "slot 3 is faulty");
        md.addMember(target);
        Superblock1 recorded = sb(target);
        waitFor(() -> roleOf(sb(devices.get(0)), recorded) == DevRoles.FAULTY, "the survivors record the new member faulty");

        assertTrue(!md.array().device().memberStates()[3].isUsable(), "slot 3 is not trusted");
        Superblock1 own = sb(target);
        assertTrue(roleOf(own, own) != 3 || own.hasFeature(FeatureMap.RECOVERY_OFFSET),
                "the new member's own superblock never calls it in sync: " + own);
        assertArrayEquals(data, Completions.read(md.array(), 0, data.length), "the data is served from the survivors");
        md.close();
    }

    /** Once armed, READs touching one 4 KiB device block complete with MEDIA_ERROR (a latent sector error). */
    private static final class UnreadableBlock extends org.orion.driver.api.block.FilterBlockDevice {
        volatile long badOffsetBytes = -1;

        UnreadableBlock(BlockDevice delegate) {
            super(delegate);
        }

        @Override
        public IoStatus submit(org.orion.driver.api.io.IoRequest request) {
            long bad = badOffsetBytes;
            if (bad >= 0 && request.op() == org.orion.driver.api.io.IoOp.READ
                    && request.offsetBytes() < bad + 4096 && bad < request.offsetBytes() + request.lengthBytes()) {
                request.complete(IoStatus.MEDIA_ERROR);
                return IoStatus.OK;
            }
            return super.submit(request);
        }
    }

    /**
     * A rebuild that met ranges it could not reconstruct once kept them as bad blocks in memory only
     * and wrote the new member in sync anyway, so the next assembly trusted those ranges and served
     * their stale content (campaign seed 1969, RAID1, after a power loss). They now go into the new
     * member's bad-block log before its superblock calls it in sync, and the next assembly knows them.
     */
    @Test
    void shouldRecordTheRangesARebuildCouldNotReconstructBeforeCallingTheNewMemberInSync() throws Exception {
        List<BlockDevice> devices = disks("p", 4, LatencyModel.ZERO, false);
        UnreadableBlock survivor = new UnreadableBlock(devices.get(0));
        List<BlockDevice> members = new ArrayList<>(devices);
        members.set(0, survivor);
        BlockDevice target = disks("q", 1, LatencyModel.ZERO, false).get(0);
        MdArray md = create(members, EventSink.discarding());
        byte[] data = Patterns.random(18, 8 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data), "fill");
        md.array().failMember(3);
        waitFor(() -> !md.array().device().memberStates()[3].isUsable(), "slot 3 is faulty");
        survivor.badOffsetBytes = sb(devices.get(0)).dataOffsetSectors() * 512 + (1 << 20);
        md.addMember(target);
        assertTrue(md.awaitRebuildRecorded(60, TimeUnit.SECONDS), "the rebuild ended");
        md.stop();

        Superblock1 own = sb(target);
        assertTrue(!own.hasFeature(FeatureMap.RECOVERY_OFFSET) && own.hasFeature(FeatureMap.BAD_BLOCKS),
                "in sync, with bad blocks recorded: " + own);
        AssemblyPlan plan = ArrayAssembler.plan(new ArrayList<>(List.of(devices.get(0), devices.get(1), devices.get(2),
                target)), AssembleOptions.DEFAULT);
        assertTrue(plan.recovering() == null && !plan.slots().get(3).badRanges().isEmpty(),
                "trusted in sync except for the ranges its log records: " + plan.notes());
        MdArray again = MdArray.start(plan, false, RaidOptions.DEFAULTS, EventSink.discarding(), NanoClock.system());
        // The survivor reads again: the recorded ranges are served from redundancy and rewritten, which heals them.
        assertArrayEquals(data, Completions.read(again.array(), 0, data.length), "the data, never the stale blocks");
        assertTrue(!sb(target).hasFeature(FeatureMap.BAD_BLOCKS), "healed, and the log says so");
        again.array().failMember(0);
        assertArrayEquals(data, Completions.read(again.array(), 0, data.length), "the new member carries all its data");
        again.close();
    }
}
