package org.orion.bench;

import static org.orion.bench.RebuildBenchSupport.fmt;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDisk;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.raid.RaidOptions;
import org.orion.raid.RebuildPriority;
import org.orion.raid.assembly.MdArray;

/**
 * Rebuild speed with no foreground load against the raw sequential write speed of the same kind
 * of device, in one run: a RAID5 (or RAID6) of sparse-file SimDisks (no simulated latency, so the
 * file system is the disk) is filled; then each round (1) writes a fresh sparse-file SimDisk's data
 * area sequentially in column-sized requests with several in flight, and (2) fails a member,
 * removes it and adds a fresh sparse-file SimDisk, which the array rebuilds at
 * {@code rebuild_priority = "high"} (so the rate limiter stays out of the way). The two run in
 * alternating order. Each is timed without and with the final FLUSH that makes the new member's
 * data durable (a SimDisk on a file syncs the file on FLUSH and on FUA writes; the rebuild's
 * checkpoints write the new member's superblock with FUA every 64 stripes).
 *
 * After each round a surviving member's data area is read the same way, for the I/O-only bound.
 *
 * <p>Arguments ({@code key=value}): dir (default java.io.tmpdir), level (5), members (5), chunkKiB
 * (512), memberMiB (256), warmupRounds (2, run and printed but not counted: the first rebuilds
 * also compile their code path), rounds (5), writeKiB (the rebuild's piece on an idle array: the
 * chunk, at most 512 KiB), inFlight (4, the rebuild's pieces in flight), settleMillis (3000, a
 * pause before each timed phase).
 */
public final class RebuildSpeedBench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private RebuildSpeedBench() {
    }

    public static void main(String[] argv) throws Exception {
        RebuildBenchSupport.Args args = new RebuildBenchSupport.Args(argv);
        Path base = Path.of(args.string("dir", System.getProperty("java.io.tmpdir")));
        int level = args.intValue("level", 5);
        int members = args.intValue("members", 5);
        int chunkKiB = args.intValue("chunkKiB", 512);
        long memberBytes = args.longValue("memberMiB", 256) << 20;
        int rounds = args.intValue("rounds", 5);
        int writeBytes = args.intValue("writeKiB", Math.min(chunkKiB, 512)) << 10;
        int inFlight = args.intValue("inFlight", 4);
        int warmupRounds = args.intValue("warmupRounds", 2);
        long settleMillis = args.longValue("settleMillis", 3000);
        Path dir = Files.createTempDirectory(base, "orion-rebuild-bench");
        try {
            run(dir, level, members, chunkKiB, memberBytes, warmupRounds, rounds, writeBytes, inFlight, settleMillis);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void run(Path dir, int level, int members, int chunkKiB, long memberBytes, int warmupRounds,
                            int rounds, int writeBytes, int inFlight, long settleMillis) throws IOException {
        System.out.println(fmt("rebuild speed: RAID%d, %d members of %d MiB (sparse files in %s), chunk %d KiB;"
                        + " raw writes of %d KiB with %d in flight; %d rounds", level, members, memberBytes >> 20, dir,
                chunkKiB, writeBytes >> 10, inFlight, rounds));
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            specs.add(SimDiskSpec.file("m" + i, memberBytes, dir.resolve("m" + i + ".img")));
        }
        SimController controller = SimController.create("rb", SimPersonality.NVME, NanoClock.system(),
                LatencyModel.ZERO, specs);
        RebuildBenchSupport.EventTimes events = new RebuildBenchSupport.EventTimes();
        MdArray md = RebuildBenchSupport.createArray("rebuild", new ArrayList<>(controller.disks()), level, chunkKiB,
                members, 0, RaidOptions.DEFAULTS.withRebuildPriority(RebuildPriority.HIGH), events);
        md.autoSpare(false);
        long dataBytes = md.array().device().layout().memberDataBytes();
        long dataOffsetBytes = md.currentSuperblock().dataOffsetSectors() * 512;
        long fillStart = System.nanoTime();
        long stripeBytes = md.array().device().layout().stripeBytes();
        RebuildBenchSupport.writeSequential(md.array(), 0, md.array().info().capacityBytes(),
                (int) Math.min(stripeBytes, 4 << 20), 4);
        check(SyncIo.flush(md.array()), "flush after the fill");
        System.out.println(fmt("filled %d MiB of array data in %.1f s; each member holds %d MiB of data at offset %d",
                md.array().info().capacityBytes() >> 20, (System.nanoTime() - fillStart) / 1e9, dataBytes >> 20,
                dataOffsetBytes));

        double[] raw = new double[rounds];
        double[] rawDurable = new double[rounds];
        double[] pass = new double[rounds];
        double[] rebuildDurable = new double[rounds];
        double[] survivorRead = new double[rounds];
        double[] cpuRatio = new double[rounds];
        for (int r = -warmupRounds; r < rounds; r++) {
            int k = Math.max(r, 0);
            boolean rawFirst = (r & 1) == 0;
            settle(settleMillis);
            double[] w = rawFirst ? rawWrite(dir, r + warmupRounds, memberBytes, dataOffsetBytes, dataBytes, writeBytes,
                    inFlight) : null;
            int slot = Math.floorMod(r, members);
            double[] b = rebuild(md, events, dir, r + warmupRounds, slot, memberBytes, dataBytes, settleMillis);
            if (!rawFirst) {
                settle(settleMillis);
                w = rawWrite(dir, r + warmupRounds, memberBytes, dataOffsetBytes, dataBytes, writeBytes, inFlight);
            }
            double read = survivorRead(md, (slot + 1) % members, dataOffsetBytes, dataBytes, writeBytes, inFlight);
            String label = r < 0 ? "warm-up (not counted)" : "round " + (r + 1);
            System.out.println(fmt("%s: raw write %.0f MB/s (%.0f MB/s with the final flush); rebuild %.0f MB/s"
                            + " (%.0f MB/s to in-sync and flushed); ratio %.2f (durable %.2f); survivor read %.0f MB/s;"
                            + " per CPU second: raw write %.0f MB, rebuild %.0f MB, ratio %.2f", label, w[0], w[1], b[0],
                    b[1], b[0] / w[0], b[1] / w[1], read, w[2], b[2], b[2] / w[2]));
            if (r >= 0) {
                raw[k] = w[0];
                rawDurable[k] = w[1];
                pass[k] = b[0];
                rebuildDurable[k] = b[1];
                survivorRead[k] = read;
                cpuRatio[k] = b[2] / w[2];
            }
        }
        md.close();
        controller.close();
        double[] ratio = new double[rounds];
        double[] ratioDurable = new double[rounds];
        double[] ioBound = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratio[r] = pass[r] / raw[r];
            ratioDurable[r] = rebuildDurable[r] / rawDurable[r];
            // One thread (the background reader) reads (members - 1) bytes per byte rebuilt while another
            // writes: even with free parity maths the rebuild cannot beat this fraction of the raw rate.
            ioBound[r] = Math.min(1, survivorRead[r] / ((members - 1) * raw[r]));
        }
        System.out.println(fmt("read bound (one reader thread reads %d bytes per byte rebuilt), min(1, read / (n x write)):"
                        + " median %.2f (min %.2f max %.2f)",
                members - 1, RebuildBenchSupport.median(ioBound), RebuildBenchSupport.min(ioBound),
                RebuildBenchSupport.max(ioBound)));
        System.out.println(fmt("CPU-time ratio (rebuild: the array's threads, vs the raw writer thread):"
                        + " median %.2f (min %.2f max %.2f)", RebuildBenchSupport.median(cpuRatio),
                RebuildBenchSupport.min(cpuRatio), RebuildBenchSupport.max(cpuRatio)));
        System.out.println(fmt("RESULT rebuild-speed raw_MBps=%.0f rebuild_MBps=%.0f ratio=%.2f (min %.2f max %.2f)"
                        + " | durable: raw_MBps=%.0f rebuild_MBps=%.0f ratio=%.2f (min %.2f max %.2f) | target >= 0.8",
                RebuildBenchSupport.median(raw), RebuildBenchSupport.median(pass), RebuildBenchSupport.median(ratio),
                RebuildBenchSupport.min(ratio), RebuildBenchSupport.max(ratio), RebuildBenchSupport.median(rawDurable),
                RebuildBenchSupport.median(rebuildDurable), RebuildBenchSupport.median(ratioDurable),
                RebuildBenchSupport.min(ratioDurable), RebuildBenchSupport.max(ratioDurable)));
    }

    /** Sequential read speed (MB/s) of the data area of the member in {@code slot}, as the rebuild reads it. */
    private static double survivorRead(MdArray md, int slot, long dataOffsetBytes, long dataBytes, int readBytes,
                                       int inFlight) {
        BlockDevice member = md.array().device().members().get(slot).device();
        long start = System.nanoTime();
        RebuildBenchSupport.sequential(member, IoOp.READ, dataOffsetBytes, dataBytes, readBytes, inFlight);
        return dataBytes / ((System.nanoTime() - start) / 1e3);
    }

    /**
     * Writes {@code dataBytes} at {@code dataOffsetBytes} of a fresh sparse-file SimDisk.
     *
     * @return MB/s without and with the final FLUSH, and per second of the writing thread's CPU time
     */
    private static double[] rawWrite(Path dir, int round, long memberBytes, long dataOffsetBytes, long dataBytes,
                                     int writeBytes, int inFlight) throws IOException {
        Path file = dir.resolve("raw" + round + ".img");
        SimController c = SimController.create("raw" + round, SimPersonality.NVME, NanoClock.system(), LatencyModel.ZERO,
                List.of(SimDiskSpec.file("raw", memberBytes, file)));
        SimDisk disk = c.disk(0);
        long start = System.nanoTime();
        mark("raw " + round + " start");
        long cpuStart = CPU.getCurrentThreadCpuTime();
        RebuildBenchSupport.writeSequential(disk, dataOffsetBytes, dataBytes, writeBytes, inFlight);
        long cpu = CPU.getCurrentThreadCpuTime() - cpuStart;
        long written = System.nanoTime();
        check(SyncIo.flush(disk), "raw flush");
        long flushed = System.nanoTime();
        mark("raw " + round + " end");
        c.close();
        Files.delete(file);
        return new double[] {dataBytes / ((written - start) / 1e3), dataBytes / ((flushed - start) / 1e3),
            dataBytes / (cpu / 1e3)};
    }

    /**
     * Fails {@code slot}, removes it, adds a fresh sparse-file SimDisk and waits for it to be in sync.
     *
     * @return MB/s of the rebuild pass (RebuildStarted to RebuildFinished), from the add to the new
     *         member in its slot and flushed, and per second of CPU time of the array's threads
     *         (ring, background writer, conductor: all of the rebuild's work with zero-latency SimDisks)
     */
    private static double[] rebuild(MdArray md, RebuildBenchSupport.EventTimes events, Path dir, int round, int slot,
                                    long memberBytes, long dataBytes, long settleMillis) throws IOException {
        BlockDevice old = md.array().device().members().get(slot).device();
        md.array().failMember(slot);
        RebuildBenchSupport.waitFor(() -> !md.array().device().memberStates()[slot].isUsable(), 30, "slot faulty");
        md.removeMember(slot);
        RebuildBenchSupport.waitFor(() -> !md.array().device().members().get(slot).isPresent(), 30, "slot empty");
        Path oldFile = ((SimDisk) old).spec().backingFile();
        old.close();
        Files.deleteIfExists(oldFile);
        Path file = dir.resolve("new" + round + ".img");
        SimController c = SimController.create("new" + round, SimPersonality.NVME, NanoClock.system(),
                LatencyModel.ZERO, List.of(SimDiskSpec.file("new", memberBytes, file)));
        SimDisk fresh = c.disk(0);
        // The old member's file was just deleted: let the system settle, as before a raw write.
        settle(settleMillis);
        events.reset();
        long cpuStart = rebuildCpuNanos(md.plan().name());
        long start = System.nanoTime();
        mark("rebuild " + round + " start");
        md.addMember(fresh);
        // The slot changes hands just before RebuildFinished is published: wait for both.
        RebuildBenchSupport.waitFor(() -> md.array().device().members().get(slot).device() == fresh
                && events.rebuildFinishedNanos != 0, 600, "the new member is in sync");
        long cpu = rebuildCpuNanos(md.plan().name()) - cpuStart;
        check(SyncIo.flush(fresh), "flush of the new member");
        long durable = System.nanoTime();
        mark("rebuild " + round + " end");
        if (!events.rebuildCompleted || events.rebuildStartedNanos == 0) {
            throw new IllegalStateException("the rebuild did not complete: " + md.array().status());
        }
        double passMBps = dataBytes / ((events.rebuildFinishedNanos - events.rebuildStartedNanos) / 1e3);
        return new double[] {passMBps, dataBytes / ((durable - start) / 1e3), dataBytes / (cpu / 1e3)};
    }

    /**
     * CPU time of the threads doing the array's rebuild work: the ring thread (parity, the
     * decode-back check), the background reader (survivors) and writer (the new member), and the
     * conductor (checkpoints).
     */
    private static long rebuildCpuNanos(String arrayName) {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (name.equals("orion-ring-" + arrayName) || name.equals("orion-bgread-" + arrayName)
                    || name.equals("orion-bgwrite-" + arrayName) || name.equals("orion-md-" + arrayName)) {
                long cpu = CPU.getThreadCpuTime(t.getId());
                sum += Math.max(0, cpu);
            }
        }
        return sum;
    }

    /**
     * Waits before a timed phase so that it starts from a settled system: the previous phase's
     * writeback done and the memory it freed (deleted files) handed back. On the shared KVM host
     * used here, whichever of raw write and rebuild ran right after the other was often several
     * times slower, per byte of CPU time too.
     */
    private static void settle(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** With -Dorion.bench.marks=true, wall-clock marks on stderr to cut a JFR recording into phases. */
    private static void mark(String what) {
        if (Boolean.getBoolean("orion.bench.marks")) {
            // Both clocks: the monotonic one matches `perf record -k CLOCK_MONOTONIC` timestamps.
            System.err.println(fmt("mark %s %.6f %s", Instant.now(), System.nanoTime() / 1e9, what));
        }
    }

    private static void check(IoStatus status, String what) {
        if (status != IoStatus.OK) {
            throw new IllegalStateException(what + " failed: " + status);
        }
    }
}
