package org.orion.bench;

import static org.orion.bench.RebuildBenchSupport.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.raid.RaidOptions;
import org.orion.raid.RebuildPriority;
import org.orion.raid.assembly.MdArray;
import org.orion.raid.parity.ParityManager;
import org.orion.raid.stripe.SyncKind;

/**
 * Foreground latency while a rebuild runs at a given {@code rebuild_priority}. A RAID5 4+1 on heap
 * SimDisks with a latency model (100 us reads by default) serves a closed-loop 4 KiB random-read
 * load at queue depth 8. Each round builds a new array and measures, in time slices:
 * <ol>
 *   <li>healthy: all members in sync, no background pass ({@code cycles} slices);</li>
 *   <li>then, after one member fails, alternately <em>degraded</em> (no rebuild: reads of the lost
 *       member's blocks are reconstructed) and <em>rebuilding</em> (a fresh member added, the
 *       rebuild running at the chosen priority; stopped again at the end of the slice), for
 *       {@code cycles} pairs.</li>
 * </ol>
 * Alternating the two degraded states in short slices lets the host's own noise (a shared 2-core
 * machine) fall on both alike. Each state's slices are pooled per round; the ratios are the
 * rebuilding p99 over the healthy and over the degraded p99 of the same round.
 *
 * <p>Arguments ({@code key=value}): priority (low), rounds (3), cycles (4), sliceMillis (2000,
 * measured per slice), warmupMillis (500, per slice, not measured), queueDepth (8), memberMiB (192,
 * so that the rebuild cannot finish within a slice even where it runs at its idle rate for a
 * while), readMicros (100), writeMicros (100), mbPerSecond (1000, the latency model's transfer
 * rate). Heap disks hold their content in 1 MiB arrays: run with {@code -XX:G1HeapRegionSize=4m}
 * (so those are ordinary objects, not humongous ones) and {@code -Xmx3g}.
 */
public final class RebuildLatencyBench {
    private static final int SLOT = 2;
    private static final String[] STATES = {"healthy", "degraded", "rebuilding"};

    private RebuildLatencyBench() {
    }

    public static void main(String[] argv) {
        RebuildBenchSupport.Args args = new RebuildBenchSupport.Args(argv);
        String priorityName = args.string("priority", "low").toLowerCase(Locale.ROOT);
        RebuildPriority priority = RebuildPriority.of(priorityName);
        Settings settings = new Settings(args.intValue("cycles", 4), args.longValue("sliceMillis", 2000) * 1_000_000,
                args.longValue("warmupMillis", 500) * 1_000_000, args.intValue("queueDepth", 8),
                args.longValue("memberMiB", 192) << 20, priority,
                LatencyModel.of(args.longValue("readMicros", 100) * 1000, args.longValue("writeMicros", 100) * 1000,
                        1_000_000, args.longValue("mbPerSecond", 1000) * 1_000_000));
        int rounds = args.intValue("rounds", 3);
        ParityManager.warmUp();
        System.out.println(fmt("foreground latency: RAID5 4+1 on heap SimDisks of %d MiB, %s; 4 KiB random reads at"
                        + " queue depth %d; rebuild_priority = \"%s\" (busy %d KiB/s, idle %d KiB/s); %d rounds of %d"
                        + " healthy slices then %d degraded/rebuilding pairs, %d ms measured per slice after %d ms",
                settings.memberBytes >> 20, settings.latency, settings.queueDepth, priorityName,
                priority.busyBytesPerSecond() >> 10, Math.min(priority.idleBytesPerSecond() >> 10, 1L << 40), rounds,
                settings.cycles, settings.cycles, settings.sliceNanos / 1_000_000, settings.warmupNanos / 1_000_000));
        // Allocated once, not per slice, so that measuring leaves the garbage collector alone.
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, settings.cycles * settings.sliceNanos / 1000
                * settings.queueDepth / 25);
        LatencySamples[] states = {new LatencySamples(capacity), new LatencySamples(capacity),
            new LatencySamples(capacity)};
        double[][] p99 = new double[3][rounds];
        double[][] p50 = new double[3][rounds];
        double[] overHealthy = new double[rounds];
        double[] overDegraded = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            for (LatencySamples s : states) {
                s.clear();
            }
            round(r, settings, states);
            for (int s = 0; s < 3; s++) {
                p99[s][r] = states[s].percentileNanos(0.99) / 1e3;
                p50[s][r] = states[s].percentileNanos(0.50) / 1e3;
                System.out.println(fmt("round %d %-10s %s", r + 1, STATES[s], states[s].summary()));
            }
            overHealthy[r] = p99[2][r] / p99[0][r];
            overDegraded[r] = p99[2][r] / p99[1][r];
            System.out.println(fmt("round %d: p99 rebuilding / healthy %.2f, rebuilding / degraded %.2f", r + 1,
                    overHealthy[r], overDegraded[r]));
        }
        System.out.println(fmt("RESULT foreground-latency priority=%s p50_us healthy=%.1f degraded=%.1f rebuilding=%.1f"
                        + " p99_us healthy=%.1f degraded=%.1f rebuilding=%.1f | p99 rebuilding/healthy=%.2f (min %.2f"
                        + " max %.2f) rebuilding/degraded=%.2f (min %.2f max %.2f) | target <= 1.5", priorityName,
                RebuildBenchSupport.median(p50[0]), RebuildBenchSupport.median(p50[1]),
                RebuildBenchSupport.median(p50[2]), RebuildBenchSupport.median(p99[0]),
                RebuildBenchSupport.median(p99[1]), RebuildBenchSupport.median(p99[2]),
                RebuildBenchSupport.median(overHealthy), RebuildBenchSupport.min(overHealthy),
                RebuildBenchSupport.max(overHealthy), RebuildBenchSupport.median(overDegraded),
                RebuildBenchSupport.min(overDegraded), RebuildBenchSupport.max(overDegraded)));
    }

    private record Settings(int cycles, long sliceNanos, long warmupNanos, int queueDepth, long memberBytes,
                            RebuildPriority priority, LatencyModel latency) {
    }

    /** One array: healthy slices, then degraded and rebuilding slices alternately, into {@code states}. */
    private static void round(int r, Settings s, LatencySamples[] states) {
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int d = 0; d < 6; d++) {
            specs.add(SimDiskSpec.heap("d" + d, s.memberBytes));
        }
        SimController controller = SimController.create("lat" + r, SimPersonality.NVME, NanoClock.system(), s.latency,
                specs);
        RebuildBenchSupport.EventTimes events = new RebuildBenchSupport.EventTimes();
        MdArray md = RebuildBenchSupport.createArray("lat" + r, new ArrayList<>(controller.disks().subList(0, 5)), 5, 512,
                5, 0, RaidOptions.DEFAULTS.withRebuildPriority(s.priority), events);
        md.autoSpare(false);
        var device = md.array().device();
        try {
            long stripeBytes = device.layout().stripeBytes();
            RebuildBenchSupport.writeSequential(md.array(), 0, md.array().info().capacityBytes(), (int) stripeBytes, 8);
            // Heap media allocate 1 MiB chunks on first write, which G1 treats as humongous objects: each
            // would start a collection during the rebuild. Touch the new member's chunks now so that the
            // rebuilding slices measure the array, not the simulator's memory allocation.
            RebuildBenchSupport.writeSequential(controller.disk(5), 0, s.memberBytes, 1 << 20, 8);
            // Collect the set-up's garbage (and the previous round's disks) now, not while measuring.
            System.gc();
            RandomReadLoad load = new RandomReadLoad(md.array(), s.queueDepth, 42 + r);
            long[] pauses = new long[3];
            for (int c = 0; c < s.cycles; c++) {
                load.run(s.warmupNanos, s.sliceNanos, states[0], () -> { });
                pauses[0] += load.pauses();
            }
            md.array().failMember(SLOT);
            RebuildBenchSupport.waitFor(() -> !device.memberStates()[SLOT].isUsable(), 30, "slot faulty");
            md.removeMember(SLOT);
            RebuildBenchSupport.waitFor(() -> !device.members().get(SLOT).isPresent(), 30, "slot empty");
            double rebuiltMiB = 0;
            double rebuildSeconds = 0;
            for (int c = 0; c < s.cycles; c++) {
                load.run(s.warmupNanos, s.sliceNanos, states[1], () -> { });
                pauses[1] += load.pauses();
                int finishedBefore = events.rebuildsFinished;
                md.addMember(controller.disk(5));
                RebuildBenchSupport.waitFor(() -> device.engine().runningSync() == SyncKind.RECOVER, 30,
                        "the rebuild runs");
                long[] from = new long[2];
                load.run(s.warmupNanos, s.sliceNanos, states[2], () -> {
                    from[0] = device.engine().syncProgressStripes();
                    from[1] = System.nanoTime();
                });
                pauses[2] += load.pauses();
                if (device.engine().runningSync() != SyncKind.RECOVER) {
                    throw new IllegalStateException("the rebuild finished within a slice: use a larger memberMiB");
                }
                rebuiltMiB += (device.engine().syncProgressStripes() - from[0]) * (double) device.layout().chunkBytes()
                        / (1 << 20);
                rebuildSeconds += (System.nanoTime() - from[1]) / 1e9;
                // Stop the rebuild: the new member is dropped (md marks it faulty), the slot is empty again.
                device.stopSync();
                RebuildBenchSupport.waitFor(() -> events.rebuildsFinished > finishedBefore
                        && device.engine().runningSync() == null, 30, "the rebuild stopped");
                // The conductor hears of the stop just after the event; let it settle before the next add.
                LockSupport.parkNanos(20_000_000);
            }
            System.out.println(fmt("round %d: the rebuild advanced %.2f MiB/s per member while measured; client pauses"
                            + " over 5 ms (healthy/degraded/rebuilding): %d/%d/%d", r + 1, rebuiltMiB / rebuildSeconds,
                    pauses[0], pauses[1], pauses[2]));
        } finally {
            md.close();
            controller.close();
        }
    }
}
