package org.orion.raid.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.ByteRange;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDisk;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.hw.sim.fault.FaultPlan;
import org.orion.hw.sim.fault.FaultyBlockDevice;
import org.orion.raid.RaidOptions;
import org.orion.raid.level.StripeMap;
import org.orion.raid.md.FeatureMap;
import org.orion.raid.md.Superblock1;
import org.orion.raid.md.SuperblockLocator;

/**
 * The shared setup of the bad-block log tests: a filled RAID5 (or RAID6) over simulated disks,
 * stopped; a survivor then develops an unreadable sector in stripe {@link #stripe}; slot
 * {@link #REBUILT} (and, for "two gone", slot 3 too) fails and slot {@link #REBUILT} is rebuilt
 * onto {@link #target}. Nothing can rebuild the target's block of that stripe: it is lost and
 * recorded in the target's bad-block log. Every device goes through a {@link PowerSwitch}.
 */
final class LostRangeRig {
    static final int CHUNK = 64 * 1024;
    static final int REBUILT = 2;
    /** The unreadable sectors lie this far into the survivor's block. */
    private static final int LSE_INTO_BLOCK_BYTES = 8192;

    final int level;
    /** Member devices by slot (the survivor wrapped with its latent error), then the target. */
    final List<BlockDevice> devices;
    final BlockDevice target;
    final List<SimDisk> disks;
    final int[] failedSlots;
    final int survivorSlot;
    final long stripe;
    final byte[] data;
    final List<DriverEvent> events = new CopyOnWriteArrayList<>();
    PowerSwitch power;
    MdArray md;

    /**
     * The rig up to the failure of the failed slots; {@link #rebuild()} starts the rebuild.
     *
     * @param level         5, or 6 with two members gone
     * @param targetSpec    the new member's disk (file-backed, slow, with a volatile cache...)
     * @param targetLatency latency of the new member's controller
     * @param badBlockLog   false: the members' superblocks are rewritten without a log area first
     */
    static LostRangeRig failed(int level, long seed, boolean volatileCaches, SimDiskSpec targetSpec,
                               LatencyModel targetLatency, boolean badBlockLog) throws Exception {
        System.out.printf("LostRangeRig level %d seed %d%n", level, seed);
        int memberCount = level == 5 ? 4 : 5;
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < memberCount; i++) {
            specs.add(SimDiskSpec.heap("disk" + i, targetSpec.capacityBytes()).withVolatileCache(volatileCaches));
        }
        List<SimDisk> disks = new ArrayList<>(SimController.create("m" + seed, SimPersonality.SATA, NanoClock.system(),
                LatencyModel.ZERO, specs).disks());
        SimDisk targetDisk = SimController.create("t" + seed, SimPersonality.SATA, NanoClock.system(), targetLatency,
                List.of(targetSpec)).disks().get(0);
        List<BlockDevice> devices = new ArrayList<>(disks);
        disks.add(targetDisk);
        devices.add(targetDisk);
        return new LostRangeRig(level, seed, devices, disks, level == 5 ? new int[] {REBUILT} : new int[] {REBUILT, 3},
                badBlockLog);
    }

    /** The whole rig, rebuilt, over 8 MiB heap disks at zero latency with a bad-block log. */
    static LostRangeRig rebuilt(int level, long seed, boolean volatileCaches) throws Exception {
        LostRangeRig rig = failed(level, seed, volatileCaches, SimDiskSpec.heap("new", 8L << 20)
                .withVolatileCache(volatileCaches), LatencyModel.ZERO, true);
        rig.rebuild();
        return rig;
    }

    private LostRangeRig(int level, long seed, List<BlockDevice> devices, List<SimDisk> disks, int[] failedSlots,
                         boolean badBlockLog) throws Exception {
        this.level = level;
        this.disks = disks;
        this.failedSlots = failedSlots;
        this.power = new PowerSwitch(disks);
        int memberCount = devices.size() - 1;
        List<BlockDevice> members = new ArrayList<>(devices.subList(0, memberCount));
        md = MdArray.start(ArrayCreator.create(new CreateOptions("data", "h", level, null, CHUNK / 1024, memberCount,
                0, 0, true, false), plugged(members), 1L), false, options(), events::add, NanoClock.system());
        data = Patterns.random(seed, (int) md.array().info().capacityBytes());
        for (int at = 0; at < data.length; at += 4 << 20) {
            int length = Math.min(4 << 20, data.length - at);
            Completions.assertOk(Completions.write(md.array(), at, java.util.Arrays.copyOfRange(data, at, at + length)),
                    "fill at " + at);
        }
        // A stripe where the rebuilt slot holds data, and a survivor holding another data block of it.
        StripeMap map = md.array().device().layout().newStripeMap();
        long chosen = 2;
        int survivor = -1;
        while (survivor < 0) {
            chosen++;
            md.array().device().layout().map(chosen, map);
            boolean rebuiltHoldsData = false;
            int candidate = -1;
            for (int k = 0; k < map.dataBlocks; k++) {
                int slot = map.member(k, 0);
                rebuiltHoldsData |= slot == REBUILT;
                if (candidate < 0 && !failed(slot, failedSlots)) {
                    candidate = slot;
                }
            }
            survivor = rebuiltHoldsData ? candidate : -1;
        }
        this.stripe = chosen;
        this.survivorSlot = survivor;
        long dataOffsetSectors = sb(members.get(survivor)).dataOffsetSectors();
        md.stop();
        if (!badBlockLog) {
            for (BlockDevice member : members) {
                SuperblockLocator.write(member, sb(member).toBuilder().bblogOffsetSectors(0).bblogSizeSectors(0)
                        .buildWithChecksum());
            }
        }
        // The survivor develops unreadable sectors while the array is stopped.
        long badSector = dataOffsetSectors + (stripe * CHUNK + LSE_INTO_BLOCK_BYTES) / 512;
        members.set(survivor, new FaultyBlockDevice(members.get(survivor),
                FaultPlan.builder(seed).latentSectorError(badSector, 8).build()));
        members.add(devices.get(memberCount));
        this.devices = List.copyOf(members);
        this.target = devices.get(memberCount);
        md = assemble(memberSlots());
        for (int slot : failedSlots) {
            md.array().failMember(slot);
        }
        waitFor(() -> !md.array().device().memberStates()[failedSlots[failedSlots.length - 1]].isUsable(),
                "the failed slots are faulty");
    }

    /** Adds the target: it rebuilds slot {@link #REBUILT}. Returns once the rebuild's end is recorded. */
    void rebuild() throws InterruptedException {
        startRebuild();
        awaitRebuild();
    }

    void startRebuild() {
        md.addMember(power.plug(target));
    }

    void awaitRebuild() throws InterruptedException {
        if (!md.awaitRebuildRecorded(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the rebuild did not end within 60 s");
        }
    }

    static RaidOptions options() {
        return RaidOptions.DEFAULTS.withStripeCacheEntries(32);
    }

    private static boolean failed(int slot, int[] failedSlots) {
        for (int f : failedSlots) {
            if (f == slot) {
                return true;
            }
        }
        return false;
    }

    /** The members that stay (the failed ones left out) and the target. */
    List<BlockDevice> survivorsAndTarget() {
        List<BlockDevice> out = new ArrayList<>();
        for (int slot = 0; slot < devices.size() - 1; slot++) {
            if (!failed(slot, failedSlots)) {
                out.add(devices.get(slot));
            }
        }
        out.add(target);
        return out;
    }

    private List<BlockDevice> memberSlots() {
        return devices.subList(0, devices.size() - 1);
    }

    private List<BlockDevice> plugged(List<BlockDevice> raw) {
        List<BlockDevice> out = new ArrayList<>();
        raw.forEach(d -> out.add(power.plug(d)));
        return out;
    }

    /** Plans and starts the array from {@code raw} devices, through the current power switch. */
    MdArray assemble(List<BlockDevice> raw) {
        return assemble(raw, AssembleOptions.DEFAULT);
    }

    private MdArray assemble(List<BlockDevice> raw, AssembleOptions options) {
        return MdArray.start(ArrayAssembler.plan(plugged(raw), options), false, options(), events::add,
                NanoClock.system());
    }

    /** The plan assembly makes now of the survivors and the target. */
    AssemblyPlan plan() {
        return ArrayAssembler.plan(plugged(survivorsAndTarget()), AssembleOptions.DEFAULT);
    }

    /** Stops the running array cleanly and assembles the survivors and the target again. */
    void restart() {
        md.stop();
        md = assemble(survivorsAndTarget());
    }

    /**
     * The power comes back after a cut: fresh plugs over the same disks, then assembly, forced as an
     * operator must when the cut came during a rebuild (a dirty array whose new member is not in
     * sync yet counts as degraded: md's rule refuses it otherwise).
     */
    void powerBackOn() {
        power = new PowerSwitch(disks);
        md = assemble(survivorsAndTarget(), new AssembleOptions(true, false, null));
    }

    boolean isInSyncInItsSlot() {
        Superblock1 own = sb(target);
        return own.role() == REBUILT && !own.hasFeature(FeatureMap.RECOVERY_OFFSET) && md.rebuilding().isEmpty();
    }

    /** The array ranges the rebuild reported lost (BadBlocksRecorded). */
    List<ByteRange> reportedLost() {
        List<ByteRange> out = new ArrayList<>();
        for (DriverEvent e : events) {
            if (e instanceof DriverEvent.BadBlocksRecorded bad) {
                out.addAll(bad.ranges());
            }
        }
        return out;
    }

    /** The array byte range of data block {@code slot} in {@link #stripe}, or null if it holds P or Q there. */
    long[] blockOf(int slot) {
        StripeMap map = md.array().device().layout().newStripeMap();
        md.array().device().layout().map(stripe, map);
        for (int k = 0; k < map.dataBlocks; k++) {
            if (map.member(k, 0) == slot) {
                long start = stripe * md.array().device().layout().stripeBytes() + (long) k * CHUNK;
                return new long[] {start, start + CHUNK};
            }
        }
        return null;
    }

    /** The data blocks of {@link #stripe} on the rebuilt slot, the survivor and any slot still missing. */
    List<long[]> expectedLost() {
        List<long[]> out = new ArrayList<>();
        for (int slot = 0; slot < devices.size() - 1; slot++) {
            if ((slot == survivorSlot || failed(slot, failedSlots)) && blockOf(slot) != null) {
                out.add(blockOf(slot));
            }
        }
        out.sort((a, b) -> Long.compare(a[0], b[0]));
        return out;
    }

    boolean inReported(long offsetBytes) {
        return reportedLost().stream().anyMatch(r -> offsetBytes >= r.startBytes() && offsetBytes < r.endBytes());
    }

    /** Reads every chunk outside the reported ranges and compares it with {@code expected}. */
    void assertEverythingElseReads(byte[] expected) {
        for (long off = 0; off < expected.length; off += CHUNK) {
            if (inReported(off)) {
                continue;
            }
            byte[] read = Completions.read(md.array(), off, CHUNK);
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    java.util.Arrays.copyOfRange(expected, (int) off, (int) off + CHUNK), read, "array byte " + off);
        }
    }

    /** Every reported range, read whole, fails with a media error: never made-up data. */
    void assertReportedRangesFail() {
        for (ByteRange r : reportedLost()) {
            int length = (int) (r.endBytes() - r.startBytes());
            IoStatus status = Completions.run(md.array(), IoOp.READ, r.startBytes(), length, ByteBuffer.allocate(length),
                    0, 0);
            assertEquals(IoStatus.MEDIA_ERROR, status, "lost range " + r + " reads as an error");
        }
    }

    static Superblock1 sb(BlockDevice device) {
        return SuperblockLocator.find(device).orElseThrow().superblock();
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(2);
        }
    }

    /** A file-backed member image, for tools that read files (mdadm). */
    static SimDiskSpec fileSpec(Path file) {
        return SimDiskSpec.file("new", 8L << 20, file);
    }
}
