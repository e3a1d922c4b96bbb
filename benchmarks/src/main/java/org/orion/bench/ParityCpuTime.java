package org.orion.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link ParityBench}'s cases timed by this thread's CPU time instead of wall-clock time, for a
 * shared machine: time spent descheduled does not count, so the best window is far less disturbed
 * by other work than JMH's wall-clock windows (cache sharing with the other core still is).
 * {@code scripts/bench-parity --cpu-time} runs it next to ISA-L timed the same way.
 *
 * <p>Usage: {@code ParityCpuTime op geometry chunkBytes mode kernel buffers seconds windows};
 * prints {@code java <op> <geometry> <chunkBytes> <mode> <kernel>/<buffers> <best GB/s> <mean GB/s>}.
 */
public final class ParityCpuTime {
    private ParityCpuTime() {
    }

    public static void main(String[] args) {
        String op = args[0];
        ParityBench bench = new ParityBench();
        bench.geometry = args[1];
        bench.chunkBytes = Integer.parseInt(args[2]);
        bench.mode = args[3];
        bench.kernel = args[4];
        bench.buffers = args[5];
        double seconds = Double.parseDouble(args[6]);
        int windows = Integer.parseInt(args[7]);
        bench.setUp();
        Runnable call = switch (op) {
            case "xor" -> bench::xor;
            case "pq" -> bench::pq;
            case "recover" -> bench::recoverTwoData;
            default -> throw new IllegalArgumentException("unknown op " + op + ": use xor, pq or recover");
        };
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long windowNanos = (long) (seconds * 1e9);
        double stripeBytes = (double) Integer.parseInt(bench.geometry.substring(0, bench.geometry.indexOf('+')))
                * bench.chunkBytes;
        double best = 0;
        double sum = 0;
        for (int w = -3; w < windows; w++) { // three 1 s windows of warm-up (C2 and caches)
            long thisWindowNanos = w < 0 ? 1_000_000_000L : windowNanos;
            long calls = 0;
            long start = threads.getCurrentThreadCpuTime();
            long elapsed;
            do {
                for (int i = 0; i < 16; i++) {
                    call.run();
                }
                calls += 16;
                elapsed = threads.getCurrentThreadCpuTime() - start;
            } while (elapsed < thisWindowNanos);
            double gbps = calls * stripeBytes / elapsed;
            if (w >= 0) {
                best = Math.max(best, gbps);
                sum += gbps;
            }
        }
        System.out.printf("java %s %s %d %s %s/%s %.2f %.2f%n", op, bench.geometry, bench.chunkBytes, bench.mode,
                bench.kernel, bench.buffers, best, sum / windows);
    }
}
