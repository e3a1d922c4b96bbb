package org.orion.raid.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.raid.RaidOptions;
import org.orion.hw.sim.fault.FaultPlan;
import org.orion.hw.sim.fault.FaultyBlockDevice;
import org.orion.raid.level.StripeMap;
import org.orion.raid.md.DevRoles;
import org.orion.raid.md.FeatureMap;
import org.orion.raid.md.Superblock1;
import org.orion.raid.md.SuperblockLocator;
import org.orion.raid.stripe.SyncKind;

/**
 * Arrays that persist: create writes md superblocks, start marks them active, a clean stop marks
 * them clean, a crash leaves them dirty and the next start resyncs, a failed member is recorded
 * before writes are acknowledged and is left out next time, and bad member sets are refused with
 * nothing changed.
 */
class MdArrayLifecycleTest {
    private static final long DISK_BYTES = 16L << 20;

    private static List<BlockDevice> disks(String controller, int count) {
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(new SimDiskSpec("disk" + i, DISK_BYTES, 512, 4096, null, false));
        }
        return new ArrayList<>(SimController.create(controller, SimPersonality.SATA, NanoClock.system(),
                LatencyModel.ZERO, specs).disks());
    }

    private static CreateOptions raid(int level, int devices) {
        return new CreateOptions("data", "testhost", level, null, 64, devices, 0, 0, false, false);
    }

    private static MdArray start(AssemblyPlan plan) {
        return MdArray.start(plan, false, RaidOptions.DEFAULTS.withStripeCacheEntries(32), EventSink.discarding(),
                NanoClock.system());
    }

    private static Superblock1 sb(BlockDevice d) {
        return SuperblockLocator.find(d).orElseThrow().superblock();
    }

    private static String hash(List<BlockDevice> devices) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (BlockDevice d : devices) {
            sha.update(SyncIo.readBytes(d, 0, (int) d.info().capacityBytes()));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void shouldCreateResyncStopCleanlyAndReassembleWithTheSameData() throws Exception {
        List<BlockDevice> members = disks("a", 4);
        MdArray md = start(ArrayCreator.create(raid(5, 4), members, 1_700_000_000L));
        assertTrue(md.resyncedAtStart(), "a new RAID5 is resynced");
        assertEquals(md.array().device().layout().stripeCount(), md.syncDone().get(60, TimeUnit.SECONDS).stripesDone());
        assertFalse(md.resyncPending());
        assertEquals(0, sb(members.get(0)).resyncOffsetSectors(), "a running array is marked active");
        byte[] data = Patterns.random(1, 1 << 20);
        Completions.assertOk(Completions.write(md.array(), 512 * 1024, data), "write");
        long eventsRunning = sb(members.get(0)).events();
        md.stop();
        Superblock1 stopped = sb(members.get(2));
        assertEquals(Superblock1.MAX_SECTOR, stopped.resyncOffsetSectors(), "a clean stop marks the array clean");
        assertTrue(stopped.events() > eventsRunning, "a stop bumps the event count");

        AssemblyPlan again = ArrayAssembler.plan(members, AssembleOptions.DEFAULT);
        assertFalse(again.dirty());
        assertEquals(0, again.missingCount());
        MdArray md2 = start(again);
        assertFalse(md2.resyncedAtStart(), "a clean array is not resynced");
        assertArrayEquals(data, Completions.read(md2.array(), 512 * 1024, data.length));
        assertEquals(0, md2.startSync(SyncKind.CHECK, 0).get(60, TimeUnit.SECONDS).mismatchBytes());
        md2.close();
    }

    @Test
    void shouldResyncOnTheNextStartAfterAnUncleanStop() throws Exception {
        List<BlockDevice> members = disks("b", 3);
        MdArray md = start(ArrayCreator.create(new CreateOptions("data", "h", 6 - 1, null, 64, 3, 0, 0, true, false),
                members, 1_700_000_000L));
        assertFalse(md.resyncedAtStart(), "--assume-clean skips the initial resync");
        Completions.assertOk(Completions.write(md.array(), 0, Patterns.random(2, 256 * 1024)), "write");
        md.array().device().stop(); // the process dies: no clean-stop superblock update
        AssemblyPlan plan = ArrayAssembler.plan(members, AssembleOptions.DEFAULT);
        assertTrue(plan.dirty(), "the superblocks still say active");
        MdArray md2 = start(plan);
        assertTrue(md2.resyncedAtStart());
        md2.syncDone().get(60, TimeUnit.SECONDS);
        assertFalse(md2.resyncPending());
        md2.close();
    }

    @Test
    void shouldKeepAStripeTheResyncCouldNotMakeConsistentUnreadableAcrossARestartUntilItIsRewritten()
            throws Exception {
        // Campaign seed 8526 at the md level: the resync after a crash cannot read a data block of a
        // stripe whose write the crash tore; P's range is recorded bad in P's bad-block log, so the
        // block stays an error after a clean restart, and rewriting it clears the log.
        List<BlockDevice> members = disks("u", 4);
        MdArray md = start(ArrayCreator.create(new CreateOptions("data", "h", 5, null, 64, 4, 0, 0, true, false),
                members, 1_700_000_000L));
        byte[] data = Patterns.random(8526, 2 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data.clone()), "fill");
        StripeMap map = md.array().device().layout().newStripeMap();
        md.array().device().layout().map(3, map);
        long block0 = 3 * md.array().device().layout().stripeBytes();
        long dataOffsetBytes = sb(members.get(0)).dataOffsetSectors() * 512;
        SyncIo.writeBytes(members.get(map.member(1, 0)), dataOffsetBytes + map.offsetBytes(1, 0),
                Patterns.random(1, 64 * 1024), 0);
        md.array().device().stop(); // the crash: the superblocks still say active
        int unreadable = map.member(0, 0);
        long lseSector = (dataOffsetBytes + map.offsetBytes(0, 0)) / 512 + 16;
        members.set(unreadable, new FaultyBlockDevice(members.get(unreadable),
                FaultPlan.builder(7).latentSectorError(lseSector, 8).build()));

        MdArray md2 = start(ArrayAssembler.plan(members, AssembleOptions.DEFAULT));
        md2.syncDone().get(60, TimeUnit.SECONDS);
        IoStatus first = Completions.run(md2.array(), IoOp.READ, block0, 64 * 1024,
                java.nio.ByteBuffer.allocate(64 * 1024), 0, 0);
        assertEquals(IoStatus.MEDIA_ERROR, first, "not solved from a P the crash may have left stale");
        md2.stop();
        assertTrue(sb(members.get(map.pMember)).hasFeature(FeatureMap.BAD_BLOCKS), "P's range is in its log");

        MdArray md3 = start(ArrayAssembler.plan(members, AssembleOptions.DEFAULT));
        assertEquals(IoStatus.MEDIA_ERROR, Completions.run(md3.array(), IoOp.READ, block0, 64 * 1024,
                java.nio.ByteBuffer.allocate(64 * 1024), 0, 0), "still an error after a clean restart");
        byte[] rewritten = Patterns.random(2, 64 * 1024);
        Completions.assertOk(Completions.write(md3.array(), block0, rewritten), "rewrite the block");
        md3.stop();
        assertFalse(sb(members.get(map.pMember)).hasFeature(FeatureMap.BAD_BLOCKS), "the rewrite healed P");
        MdArray md4 = start(ArrayAssembler.plan(members, AssembleOptions.DEFAULT));
        assertArrayEquals(rewritten, Completions.read(md4.array(), block0, rewritten.length));
        assertEquals(0, md4.startSync(SyncKind.CHECK, 0).get(60, TimeUnit.SECONDS).mismatchBytes(),
                "consistent again");
        md4.close();
    }

    @Test
    void shouldRecordAFailedMemberAndLeaveItOutAtTheNextAssembly() throws Exception {
        List<BlockDevice> members = disks("c", 4);
        MdArray md = start(ArrayCreator.create(raid(6, 4), members, 1_700_000_000L));
        md.syncDone().get(60, TimeUnit.SECONDS);
        md.array().failMember(1);
        byte[] data = Patterns.random(3, 128 * 1024);
        // Acknowledged only after the survivors' superblocks say member 1 is faulty.
        Completions.assertOk(Completions.write(md.array(), 0, data), "write after the failure");
        Superblock1 survivor = sb(members.get(0));
        assertEquals(DevRoles.FAULTY, survivor.devRoles().roleOf(sb(members.get(1)).devNumber()));
        assertTrue(survivor.events() > sb(members.get(1)).events(), "the failed member missed the update");
        md.stop();

        AssemblyPlan plan = ArrayAssembler.plan(members, AssembleOptions.DEFAULT);
        assertEquals(1, plan.missingCount());
        assertNull(plan.slots().get(1), "the failed member is not trusted again");
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("faulty") || n.contains("stale")), plan.notes().toString());
        MdArray md2 = start(plan);
        assertArrayEquals(data, Completions.read(md2.array(), 0, data.length));
        md2.close();
    }

    @Test
    void shouldRefuseADirtyDegradedRaid5UnlessForced() throws Exception {
        List<BlockDevice> members = disks("d", 4);
        MdArray md = start(ArrayCreator.create(raid(5, 4), members, 1_700_000_000L));
        md.syncDone().get(60, TimeUnit.SECONDS);
        md.array().device().stop(); // crash: dirty
        List<BlockDevice> three = members.subList(0, 3);
        OrionException e = assertThrows(OrionException.class, () -> ArrayAssembler.plan(three, AssembleOptions.DEFAULT));
        assertEquals(ErrorCode.UNSAFE, e.code());
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertEquals(1, ArrayAssembler.plan(three, new AssembleOptions(true, false, null)).missingCount());
    }

    @Test
    void shouldNeedRunToStartWithoutAMemberThatWasActiveWhenTheArrayLastRan() throws Exception {
        List<BlockDevice> members = disks("r", 2);
        MdArray md = start(ArrayCreator.create(new CreateOptions("data", "h", 1, null, 0, 2, 0, 0, true, false),
                members, 1_700_000_000L));
        md.stop();
        // The lone member's superblock cannot tell it is current: it may have been failed out
        // unrecorded before its partner went away. mdadm refuses this without --run.
        AssemblyPlan alone = ArrayAssembler.plan(members.subList(0, 1), AssembleOptions.DEFAULT);
        OrionException e = assertThrows(OrionException.class, () -> ArrayAssembler.requireEveryActiveSlot(alone));
        assertEquals(ErrorCode.UNSAFE, e.code());
        assertEquals("data assembled from 1 drive - need all 2 to start it (use --run to insist)", e.getMessage());

        MdArray degraded = start(alone);
        degraded.stop();
        ArrayAssembler.requireEveryActiveSlot(ArrayAssembler.plan(members.subList(0, 1), AssembleOptions.DEFAULT));
        degraded.close();
    }

    @Test
    void shouldResyncTheCopiesLeftOfADirtyDegradedMirrorAsMdDoes() throws Exception {
        List<BlockDevice> members = disks("m", 3);
        MdArray md = start(ArrayCreator.create(new CreateOptions("data", "h", 1, null, 0, 3, 0, 0, true, false),
                members, 1_700_000_000L));
        Completions.assertOk(Completions.write(md.array(), 0, Patterns.random(5, 64 * 1024)), "write");
        md.array().device().stop(); // crash: dirty
        // The crash left the mirrors that remain disagreeing (a write reached one and not the other).
        long dataOffsetBytes = sb(members.get(2)).dataOffsetSectors() * 512;
        SyncIo.writeBytes(members.get(2), dataOffsetBytes, Patterns.random(6, 4096), 0);
        List<BlockDevice> twoLeft = members.subList(1, 3);

        MdArray md2 = start(ArrayAssembler.plan(twoLeft, AssembleOptions.DEFAULT));
        assertTrue(md2.resyncedAtStart(), "a dirty RAID1 with two of three mirrors left is resynced");
        md2.syncDone().get(60, TimeUnit.SECONDS);
        assertEquals(0, md2.startSync(SyncKind.CHECK, 0).get(60, TimeUnit.SECONDS).mismatchBytes(),
                "the mirrors left agree after the resync");
        md2.stop();
        assertEquals(Superblock1.MAX_SECTOR, sb(members.get(1)).resyncOffsetSectors(), "clean only after the resync");
        md2.close();
    }

    @Test
    void shouldNotResyncADirtyRaid5MissingAMember() throws Exception {
        List<BlockDevice> members = disks("n", 4);
        MdArray md = start(ArrayCreator.create(raid(5, 4), members, 1_700_000_000L));
        md.syncDone().get(60, TimeUnit.SECONDS);
        md.array().device().stop(); // crash: dirty
        MdArray forced = start(ArrayAssembler.plan(members.subList(0, 3), new AssembleOptions(true, false, null)));
        assertFalse(forced.resyncedAtStart(), "no redundancy is left to resync");
        forced.close();
    }

    @Test
    void shouldNotResyncADirtyRaid0AsMdDoesNot() throws Exception {
        List<BlockDevice> members = disks("z", 3);
        MdArray md = start(ArrayCreator.create(raid(0, 3), members, 1_700_000_000L));
        md.array().device().stop(); // crash: dirty
        MdArray again = start(ArrayAssembler.plan(members, AssembleOptions.DEFAULT));
        assertFalse(again.resyncedAtStart(), "raid0 has no redundancy to resync");
        assertNull(again.array().device().engine().runningSync(), "no pass runs");
        again.close();
    }

    @Test
    void shouldLeaveOutAMemberWhoseSuperblockCannotBeReadAndAssembleTheRest() throws Exception {
        // A 10,000-seed campaign (seed 9975): a mirror whose failed member timed out on the
        // superblock read was refused as a whole instead of starting on its good member.
        List<BlockDevice> members = disks("t", 2);
        MdArray md = start(ArrayCreator.create(raid(1, 2), members, 1_700_000_000L));
        md.syncDone().get(60, TimeUnit.SECONDS);
        md.stop();
        BlockDevice timingOut = new FilterBlockDevice(members.get(1)) {
            @Override
            public IoStatus submit(IoRequest request) {
                return request.op() == IoOp.READ ? IoStatus.TIMEOUT : super.submit(request);
            }
        };
        AssemblyPlan plan = ArrayAssembler.plan(List.of(members.get(0), timingOut), AssembleOptions.DEFAULT);
        assertEquals(1, plan.missingCount(), "the unreadable member is left out");
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("failed with TIMEOUT: left out")),
                plan.notes().toString());

        OrionException none = assertThrows(OrionException.class,
                () -> ArrayAssembler.plan(List.of(timingOut), AssembleOptions.DEFAULT));
        assertEquals(ErrorCode.IO, none.code());
        assertTrue(none.getMessage().startsWith("no member's superblock could be read"), none.getMessage());
    }

    @Test
    void shouldRefuseBadMemberSetsAndChangeNothing() throws Exception {
        List<BlockDevice> first = disks("e", 3);
        List<BlockDevice> second = disks("f", 3);
        start(ArrayCreator.create(raid(5, 3), first, 1L)).stop();
        start(ArrayCreator.create(raid(5, 3), second, 2L)).stop();
        String before = hash(first) + hash(second);

        List<BlockDevice> mixed = List.of(first.get(0), first.get(1), second.get(2));
        assertEquals(ErrorCode.CONFLICT, assertThrows(OrionException.class,
                () -> ArrayAssembler.plan(mixed, AssembleOptions.DEFAULT)).code(), "two arrays");
        List<BlockDevice> twice = List.of(first.get(0), first.get(0), first.get(1));
        assertEquals(ErrorCode.USAGE, assertThrows(OrionException.class,
                () -> ArrayAssembler.plan(twice, AssembleOptions.DEFAULT)).code(), "listed twice");
        OrionException reuse = assertThrows(OrionException.class,
                () -> ArrayCreator.create(raid(5, 3), first, 3L));
        assertTrue(reuse.getMessage().contains("already holds an md superblock"), reuse.getMessage());
        assertEquals(before, hash(first) + hash(second), "nothing on any member changed");
    }

    @Test
    void shouldRefuseAMemberTooSmallForTheOthersDataWithoutWritingAnything() throws Exception {
        List<BlockDevice> members = disks("g", 2);
        List<SimDiskSpec> tiny = List.of(new SimDiskSpec("tiny", 512 * 1024, 512, 4096, null, false));
        members.add(SimController.create("h", SimPersonality.SATA, NanoClock.system(), LatencyModel.ZERO, tiny).disks().get(0));
        String before = hash(members);
        OrionException e = assertThrows(OrionException.class, () -> ArrayCreator.create(raid(5, 3), members, 1L));
        assertTrue(e.getMessage().contains("tiny") || e.getMessage().contains("too"), e.getMessage());
        assertEquals(before, hash(members));
    }
}
