package org.orion.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import org.orion.driver.api.io.IoOp;
import org.orion.raid.RaidArray;
import org.orion.raid.parity.ParityManager;

/**
 * {@link ArrayWriteBench}'s RAID6 8+2 full-stripe writes timed by the whole process's CPU time
 * instead of wall-clock time, for a shared machine: megabytes written per CPU-second of every
 * thread of this JVM (submitter, ring handler, GC, JIT), so time spent descheduled does not count.
 * On a zero-latency heap array nearly all of it is the ring handler's, so this compares directly
 * with the kernel's GB per CPU-second from {@link ParityCpuTime}. {@code scripts/bench-array
 * --cpu-time} runs both.
 *
 * <p>Usage: {@code ArrayCpuTime workingSet(disks|cache) seconds windows}; prints
 * {@code array raid6-full-stripe <workingSet> <best MB/cpu-s> <mean MB/cpu-s> <wall MB/s of the best window>}.
 */
public final class ArrayCpuTime {
    private static final int QUEUE_DEPTH = 32;
    private static final int CHUNK = 64 * 1024;
    private static final int STRIPE = 8 * CHUNK;

    private ArrayCpuTime() {
    }

    public static void main(String[] args) {
        String workingSet = args[0];
        double seconds = Double.parseDouble(args[1]);
        int windows = Integer.parseInt(args[2]);
        boolean cache = "cache".equals(workingSet);
        ParityManager.warmUp();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (RaidArray array = ArrayLoad.heapArray(6, "left-symmetric", 10, CHUNK, 48L << 20)) {
            ArrayLoad load = new ArrayLoad(array, QUEUE_DEPTH, STRIPE, cache);
            long stripes = cache ? QUEUE_DEPTH : array.info().capacityBytes() / STRIPE;
            long[] offsets = new long[QUEUE_DEPTH];
            long next = 0;
            double best = 0;
            double bestWall = 0;
            double sum = 0;
            for (int w = -3; w < windows; w++) { // three windows of warm-up
                long cpuStart = os.getProcessCpuTime();
                long wallStart = System.nanoTime();
                long bytes = 0;
                long cpu;
                do {
                    for (int i = 0; i < QUEUE_DEPTH; i++) {
                        offsets[i] = (next++ % stripes) * STRIPE;
                    }
                    load.runWindow(IoOp.WRITE, offsets, STRIPE);
                    bytes += (long) QUEUE_DEPTH * STRIPE;
                    cpu = os.getProcessCpuTime() - cpuStart;
                } while (cpu < seconds * 1e9);
                double mbPerCpuSecond = bytes / (cpu / 1e9) / 1e6;
                if (w >= 0) {
                    sum += mbPerCpuSecond;
                    if (mbPerCpuSecond > best) {
                        best = mbPerCpuSecond;
                        bestWall = bytes / ((System.nanoTime() - wallStart) / 1e9) / 1e6;
                    }
                }
            }
            System.out.printf("array raid6-full-stripe %s %.0f %.0f %.0f%n", workingSet, best, sum / windows, bestWall);
        }
    }
}
