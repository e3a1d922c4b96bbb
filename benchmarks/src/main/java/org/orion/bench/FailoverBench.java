package org.orion.bench;

import static org.orion.bench.RebuildBenchSupport.fmt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.hw.sim.fault.FaultPlan;
import org.orion.hw.sim.fault.FaultyBlockDevice;
import org.orion.hw.sim.fault.Trigger;
import org.orion.raid.RaidOptions;
import org.orion.raid.assembly.MdArray;
import org.orion.raid.md.Superblock1;
import org.orion.raid.md.SuperblockLocator;
import org.orion.raid.parity.ParityManager;

/**
 * Failover latency on simulated hardware: from a member's failed I/O to the start of the rebuild
 * onto the spare, over many small arrays. Each trial builds a RAID5 4+1 on zero-latency heap
 * SimDisks with one spare, arms a fail-stop on member 1 at a random operation (0..7) counted from
 * arming, and reads the array sequentially in 64 KiB requests until the member has failed. Timestamps
 * (System.nanoTime):
 * <ol>
 *   <li>fail: the failed request's refusal returns to the array (ring thread);</li>
 *   <li>RebuildStarted: the driver's event (ring thread; the armed standby spare's rebuild begins
 *       in the same ring event as the failure);</li>
 *   <li>first spare I/O: the first request to the spare's data area (the rebuild's first write,
 *       after the first piece was read from the survivors, reconstructed and checked);</li>
 *   <li>superblock: the spare's superblock write of the update recording the failure and the
 *       spare's new slot (MdArray's conductor writes the survivors first, the spare last, each with
 *       FUA); held write acknowledgements are released after it. Not on the failover path.</li>
 * </ol>
 * Arguments ({@code key=value}): arrays (500), warmup (100), seed (1), diskMiB (8), dump (a file for
 * every measured trial's four steps in nanoseconds, as CSV; none by default).
 */
public final class FailoverBench {
    private static final int SLOT = 1;
    private static final int READ_BYTES = 64 * 1024;

    private FailoverBench() {
    }

    public static void main(String[] argv) {
        RebuildBenchSupport.Args args = new RebuildBenchSupport.Args(argv);
        int arrays = args.intValue("arrays", 500);
        int warmup = args.intValue("warmup", 100);
        long seed = args.longValue("seed", 1);
        long diskBytes = args.longValue("diskMiB", 8) << 20;
        ParityManager.warmUp();
        SplittableRandom random = new SplittableRandom(seed);
        System.out.println(fmt("failover: RAID5 4+1 + 1 spare on zero-latency heap SimDisks of %d MiB; fail-stop of"
                + " slot %d at a random operation 0..7; %d warm-up + %d measured arrays; seed %d", diskBytes >> 20, SLOT,
                warmup, arrays, seed));
        LatencySamples total = new LatencySamples(arrays);
        LatencySamples toStarted = new LatencySamples(arrays);
        LatencySamples[] steps = new LatencySamples[3];
        for (int k = 0; k < steps.length; k++) {
            steps[k] = new LatencySamples(arrays);
        }
        String dump = args.string("dump", null);
        StringBuilder csv = new StringBuilder("to_started_ns,to_first_io_ns,to_superblock_ns\n");
        for (int i = 0; i < warmup + arrays; i++) {
            long[] t = trial(i, diskBytes, random.nextInt(8));
            if (i >= warmup) {
                csv.append(t[1] - t[0]).append(',').append(t[2] - t[0]).append(',').append(t[3] - t[0]).append('\n');
                for (int k = 0; k < steps.length; k++) {
                    steps[k].record(t[k + 1] - t[0]);
                }
                toStarted.record(t[1] - t[0]);
                total.record(t[2] - t[0]);
            }
        }
        System.out.println("fail -> RebuildStarted (standby spare taken in the failing ring event): "
                + steps[0].summary());
        System.out.println("fail -> first I/O to the spare's data area (first piece read from the survivors,"
                + " reconstructed and checked; the failover): " + steps[1].summary());
        System.out.println("fail -> the spare's superblock write of the update recording the failure and its slot"
                + " (conductor; acknowledgements held until then, not on the failover path): " + steps[2].summary());
        superblockWriteCost(diskBytes);
        if (dump != null) {
            try {
                Files.writeString(Path.of(dump), csv);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        System.out.println(fmt("RESULT failover p50_us=%.1f p99_us=%.1f max_us=%.1f (to RebuildStarted: p50_us=%.1f"
                        + " p99_us=%.1f) arrays=%d | target p99 < 500 us", total.percentileNanos(0.5) / 1e3,
                total.percentileNanos(0.99) / 1e3, total.maxNanos() / 1e3, toStarted.percentileNanos(0.5) / 1e3,
                toStarted.percentileNanos(0.99) / 1e3, total.size()));
    }

    /**
     * What one superblock update costs by itself on a zero-latency heap disk (encode, checksum,
     * FUA write through SyncIo), on this thread: MdArray writes five of them per round, one round
     * to record a failure and the spare taking its slot.
     */
    private static void superblockWriteCost(long diskBytes) {
        SimController controller = SimController.create("sb", SimPersonality.NVME, NanoClock.system(),
                LatencyModel.ZERO, List.of(SimDiskSpec.heap("d0", diskBytes), SimDiskSpec.heap("d1", diskBytes),
                        SimDiskSpec.heap("d2", diskBytes), SimDiskSpec.heap("d3", diskBytes),
                        SimDiskSpec.heap("d4", diskBytes)));
        MdArray md = RebuildBenchSupport.createArray("sb", new ArrayList<>(controller.disks().subList(0, 4)), 5, 64, 4, 0,
                RaidOptions.DEFAULTS.withStripeCacheEntries(16), new RebuildBenchSupport.EventTimes());
        Superblock1 sb = md.currentSuperblock();
        BlockDevice scratch = controller.disk(4);
        int n = 5000;
        LatencySamples cost = new LatencySamples(n);
        for (int i = 0; i < 2 * n; i++) {
            long start = System.nanoTime();
            SuperblockLocator.write(scratch, sb.withEvents(i + 1));
            if (i >= n) {
                cost.record(System.nanoTime() - start);
            }
        }
        md.close();
        controller.close();
        System.out.println("one superblock update (withEvents + SuperblockLocator.write, heap disk, after "
                + n + " warm-up writes): " + cost.summary());
    }

    /** One array: returns {fail, rebuildStarted, firstSpareIo, spareSuperblock} in nanoseconds. */
    private static long[] trial(int index, long diskBytes, int failAtOperation) {
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int d = 0; d < 6; d++) {
            specs.add(SimDiskSpec.heap("d" + d, diskBytes));
        }
        SimController controller = SimController.create("f" + index, SimPersonality.NVME, NanoClock.system(),
                LatencyModel.ZERO, specs);
        // Data starts past the superblock area; 1 MiB is below mdadm's smallest data offset.
        long dataStartBytes = 1 << 20;
        ProbeDevice member = new ProbeDevice(controller.disk(SLOT), dataStartBytes);
        ProbeDevice spare = new ProbeDevice(controller.disk(4), dataStartBytes);
        List<BlockDevice> devices = new ArrayList<>(List.of(controller.disk(0), member, controller.disk(2),
                controller.disk(3), spare));
        RebuildBenchSupport.EventTimes events = new RebuildBenchSupport.EventTimes();
        MdArray md = RebuildBenchSupport.createArray("f" + index, devices, 5, 64, 4, 1,
                RaidOptions.DEFAULTS.withStripeCacheEntries(16), events);
        try {
            if (md.currentSuperblock().dataOffsetSectors() * 512 < dataStartBytes) {
                throw new IllegalStateException("data offset below 1 MiB: the probe cannot tell superblocks from data");
            }
            member.arm(new FaultyBlockDevice(controller.disk(SLOT),
                    FaultPlan.builder(index).failStop(Trigger.atOperation(failAtOperation)).build()));
            spare.watch();
            ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BYTES);
            long capacity = md.array().info().capacityBytes();
            for (long offset = 0; member.firstFailureNanos() == 0; offset = (offset + READ_BYTES) % capacity) {
                IoStatus status = SyncIo.read(md.array(), offset, buffer, 0, READ_BYTES);
                if (status != IoStatus.OK) {
                    throw new IllegalStateException("read at " + offset + " failed: " + status);
                }
            }
            RebuildBenchSupport.waitFor(() -> spare.firstDataSubmitNanos() != 0 && events.rebuildStartedNanos != 0
                    && spare.metadataSubmitNanos().length > 0, 30, "the rebuild onto the spare has started");
            long[] metadata = spare.metadataSubmitNanos();
            return new long[] {member.firstFailureNanos(), events.rebuildStartedNanos, spare.firstDataSubmitNanos(),
                metadata[0]};
        } finally {
            md.close();
            controller.close();
        }
    }
}
