package org.orion.raid.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.raid.RaidOptions;
import org.orion.raid.md.DevRoles;
import org.orion.raid.md.FeatureMap;
import org.orion.raid.md.Superblock1;
import org.orion.raid.md.SuperblockLocator;
import org.orion.raid.stripe.SyncKind;

/**
 * Members come and go on a persistent array: a spare takes over a failed member at once, --add
 * rebuilds an empty slot, --replace copies a working member away, --remove detaches a faulty one,
 * and a stop in the middle of a rebuild resumes from its checkpoint on the next start.
 */
class MdArrayMembersTest {
    private static final long DISK_BYTES = 16L << 20;

    private static List<BlockDevice> disks(String controller, int count, LatencyModel latency) {
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(new SimDiskSpec("disk" + i, DISK_BYTES, 512, 4096, null, false));
        }
        return new ArrayList<>(SimController.create(controller, SimPersonality.SATA, NanoClock.system(), latency, specs)
                .disks());
    }

    private static MdArray create(List<BlockDevice> devices, int raidDevices, int spares) throws Exception {
        MdArray md = MdArray.start(ArrayCreator.create(new CreateOptions("data", "h", 6, null, 64, raidDevices, spares,
                0, true, false), devices, 1L), false, RaidOptions.DEFAULTS.withStripeCacheEntries(32),
                EventSink.discarding(), NanoClock.system());
        return md;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    /** A filled RAID6 of four whose slot 3 failed, being rebuilt onto a disk with this write latency. */
    private record SlowRebuild(MdArray md, List<BlockDevice> devices, byte[] data, BlockDevice target) {
    }

    private static SlowRebuild slowRebuildOfSlot3(String controller, long seed, long writeLatencyNanos)
            throws Exception {
        List<BlockDevice> devices = disks(controller, 4, LatencyModel.ZERO);
        MdArray md = create(devices, 4, 0);
        byte[] data = Patterns.random(seed, 2 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data), "fill");
        md.array().failMember(3);
        waitFor(() -> !md.array().device().memberStates()[3].isUsable(), "slot 3 is faulty");
        BlockDevice slow = disks(controller + "-new", 1, LatencyModel.of(0, writeLatencyNanos, 0, 1L << 30)).get(0);
        md.addMember(slow);
        return new SlowRebuild(md, devices, data, slow);
    }

    private static Superblock1 sb(BlockDevice d) {
        return SuperblockLocator.find(d).orElseThrow().superblock();
    }

    @Test
    void shouldRebuildOntoTheSpareAsSoonAsAMemberFails() throws Exception {
        List<BlockDevice> devices = disks("a", 5, LatencyModel.ZERO);
        MdArray md = create(devices, 4, 1);
        byte[] data = Patterns.random(1, 2 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data), "fill");
        md.array().failMember(2);
        waitFor(() -> md.array().device().members().get(2).device() == devices.get(4), "the spare holds slot 2");
        assertEquals("clean", md.array().status().state());
        md.stop();
        Superblock1 spareSb = sb(devices.get(4));
        assertEquals(2, spareSb.devRoles().roleOf(spareSb.devNumber()), "the spare's superblock now says slot 2");
        assertTrue(!spareSb.hasFeature(FeatureMap.RECOVERY_OFFSET), "and that it is fully rebuilt");

        AssemblyPlan plan = ArrayAssembler.plan(devices, AssembleOptions.DEFAULT);
        assertEquals(0, plan.missingCount(), plan.notes().toString());
        assertSame(devices.get(4), plan.slots().get(2).device());
        MdArray again = MdArray.start(plan, false, RaidOptions.DEFAULTS, EventSink.discarding(), NanoClock.system());
        again.array().failMember(0);
        again.array().failMember(1);
        assertArrayEquals(data, Completions.read(again.array(), 0, data.length), "the rebuilt member carries its data");
        again.close();
    }

    /**
     * Campaign seed 103134: a spare pulled and reinserted was --added again and listed twice, and
     * the second failure rebuilt another slot onto the disk that already held the first one.
     */
    @Test
    void shouldListASpareAddedAgainOnceSoThatItNeverTakesTwoSlots() throws Exception {
        List<BlockDevice> devices = disks("t", 5, LatencyModel.ZERO);
        MdArray md = create(devices, 4, 1);
        BlockDevice spare = devices.get(4);
        byte[] data = Patterns.random(7, 2 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data), "fill");
        md.addMember(spare);
        OrionException refused = assertThrows(OrionException.class, () -> md.addMember(devices.get(0)));
        assertTrue(refused.getMessage().contains("already an active member"), refused.getMessage());

        md.array().failMember(1);
        waitFor(() -> md.array().device().members().get(1).device() == spare
                && md.array().device().memberStates()[1].isUsable(), "the spare holds slot 1, in sync");
        md.array().failMember(2);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < until) {
            assertTrue(md.array().device().members().get(2).device() != spare, "the spare now also rebuilds slot 2");
            Thread.sleep(5);
        }
        assertArrayEquals(data, Completions.read(md.array(), 0, data.length), "every byte, one member still missing");
        md.close();
    }

    @Test
    void shouldRefuseToAddTheDiskBeingRebuiltAndAbandonItsRebuildWhenItsSlotIsFailed() throws Exception {
        // 20 ms per write: the rebuild takes seconds, so it is still running when its slot is failed.
        SlowRebuild r = slowRebuildOfSlot3("r", 9, 20_000_000);
        MdArray md = r.md();
        byte[] data = r.data();
        BlockDevice slow = r.target();
        waitFor(() -> !md.rebuilding().isEmpty(), "the rebuild onto the added disk runs");

        // Listed as a spare too, it could be chosen to rebuild another slot over this one.
        OrionException refused = assertThrows(OrionException.class, () -> md.addMember(slow));
        assertEquals(ErrorCode.CONFLICT, refused.code());
        assertTrue(refused.getMessage().contains("is being rebuilt into slot 3"), refused.getMessage());
        assertTrue(md.spareDevices().isEmpty(), "not listed as a spare");

        // Its slot's member failed long ago: failing the slot now fails the disk being rebuilt into it.
        md.array().failMember(3);
        waitFor(() -> md.rebuilding().isEmpty(), "the rebuild is abandoned");
        assertTrue(md.array().device().members().get(3).device() != slow, "the abandoned disk does not hold the slot");
        md.addMember(slow);
        waitFor(() -> md.array().device().members().get(3).device() == slow
                && md.array().device().memberStates()[3].isUsable(), "added again, it is rebuilt from the start");
        md.array().failMember(0);
        assertArrayEquals(data, Completions.read(md.array(), 0, data.length), "every byte, read through the rebuilt disk");
        md.close();
    }

    @Test
    void shouldRebuildAnAddedMemberAndRemoveTheFaultyOne() throws Exception {
        List<BlockDevice> devices = disks("b", 4, LatencyModel.ZERO);
        MdArray md = create(devices, 4, 0);
        byte[] data = Patterns.random(2, 1 << 20);
        Completions.assertOk(Completions.write(md.array(), 4096, data), "fill");
        md.array().failMember(1);
        waitFor(() -> !md.array().device().memberStates()[1].isUsable(), "slot 1 is faulty");
        assertThrows(OrionException.class, () -> md.removeMember(0), "an in-sync member cannot be removed");
        md.removeMember(1);
        waitFor(() -> !md.array().device().members().get(1).isPresent(), "slot 1 is empty");
        BlockDevice fresh = disks("c", 1, LatencyModel.ZERO).get(0);
        md.addMember(fresh);
        waitFor(() -> md.array().device().members().get(1).device() == fresh, "the added device holds slot 1");
        md.array().failMember(3);
        md.array().failMember(2);
        assertArrayEquals(data, Completions.read(md.array(), 4096, data.length));
        md.close();
    }

    @Test
    void shouldReAddAMemberThatCameBackIntoItsOldSlot() throws Exception {
        List<BlockDevice> devices = disks("r", 4, LatencyModel.ZERO);
        MdArray md = create(devices, 4, 0);
        byte[] data = Patterns.random(5, 1 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data), "fill");
        org.orion.hw.sim.SimDisk pulled = (org.orion.hw.sim.SimDisk) devices.get(2);
        int devNumber = sb(pulled).devNumber();
        pulled.pull();
        Completions.assertOk(Completions.write(md.array(), 0, data), "a write meets the missing disk");
        waitFor(() -> !md.array().device().memberStates()[2].isUsable(), "slot 2 is faulty");
        pulled.reinsert();
        md.addMember(pulled);
        waitFor(() -> md.array().device().memberStates()[2].isUsable(), "the returning disk is back in slot 2");
        assertEquals(devNumber, sb(pulled).devNumber(), "it kept its device number (a re-add)");
        md.array().failMember(0);
        md.array().failMember(1);
        assertArrayEquals(data, Completions.read(md.array(), 0, data.length));
        md.close();
    }

    @Test
    void shouldHotReplaceAWorkingMemberAndMarkTheOldOneFaulty() throws Exception {
        List<BlockDevice> devices = disks("d", 4, LatencyModel.ZERO);
        MdArray md = create(devices, 4, 0);
        byte[] data = Patterns.random(3, 1 << 20);
        Completions.assertOk(Completions.write(md.array(), 0, data), "fill");
        BlockDevice replacement = disks("e", 1, LatencyModel.ZERO).get(0);
        md.replaceMember(0, replacement);
        waitFor(() -> md.array().device().members().get(0).device() == replacement, "the replacement holds slot 0");
        md.stop();
        Superblock1 current = sb(devices.get(1));
        assertEquals(DevRoles.FAULTY, current.devRoles().roleOf(sb(devices.get(0)).devNumber()),
                "the replaced member is recorded as faulty");
        AssemblyPlan plan = ArrayAssembler.plan(new ArrayList<>(List.of(devices.get(0), devices.get(1), devices.get(2),
                devices.get(3), replacement)), AssembleOptions.DEFAULT);
        assertSame(replacement, plan.slots().get(0).device());
        MdArray again = MdArray.start(plan, false, RaidOptions.DEFAULTS, EventSink.discarding(), NanoClock.system());
        again.array().failMember(1);
        again.array().failMember(2);
        assertArrayEquals(data, Completions.read(again.array(), 0, data.length));
        again.close();
    }

    @Test
    void shouldResumeAStoppedRebuildFromItsCheckpointNotFromZero() throws Exception {
        SlowRebuild r = slowRebuildOfSlot3("f", 4, 2_000_000);
        MdArray md = r.md();
        List<BlockDevice> devices = r.devices();
        byte[] data = r.data();
        BlockDevice slow = r.target();
        waitFor(() -> md.array().device().engine().syncProgressStripes() > 70, "the rebuild has made progress");
        md.stop();
        Superblock1 partial = sb(slow);
        assertTrue(partial.hasFeature(FeatureMap.RECOVERY_OFFSET), "a stopped rebuild leaves a checkpoint");
        long checkpoint = partial.recoveryOffsetSectors();
        long total = md.array().device().layout().stripeCount() * 128;
        assertTrue(checkpoint > 0 && checkpoint < total, "the checkpoint is past the start and before the end: "
                + checkpoint + " of " + total);

        AssemblyPlan plan = ArrayAssembler.plan(new ArrayList<>(List.of(devices.get(0), devices.get(1), devices.get(2),
                slow)), AssembleOptions.DEFAULT);
        assertNotNull(plan.recovering(), plan.notes().toString());
        ArrayAssembler.requireEveryActiveSlot(plan); // the member being rebuilt fills its slot, as mdadm counts it
        MdArray again = MdArray.start(plan, false, RaidOptions.DEFAULTS, EventSink.discarding(), NanoClock.system());
        waitFor(() -> again.array().device().engine().runningSync() == SyncKind.RECOVER, "the rebuild restarted");
        long resumedAt = again.array().device().engine().syncProgressStripes();
        assertTrue(resumedAt * 64 * 2 >= checkpoint, "resumed at stripe " + resumedAt + ", not from zero");
        waitFor(() -> again.array().device().members().get(3).device() == slow, "the rebuild finished");
        again.array().failMember(0);
        again.array().failMember(1);
        assertArrayEquals(data, Completions.read(again.array(), 0, data.length));
        again.close();
    }
}
