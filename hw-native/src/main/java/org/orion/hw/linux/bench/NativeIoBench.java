package org.orion.hw.linux.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.hw.linux.LinuxBlockDevice;
import org.orion.hw.linux.LinuxDevices;
import org.orion.hw.linux.LinuxOpenOptions;
import org.orion.hw.linux.jna.NativeBuffers;

/**
 * Drives a file or block device at a fixed queue depth: {@code depth} pre-allocated requests, each
 * with its own aligned direct buffer, each re-submitted from its completion until the time is up.
 * Random offsets come from a xorshift generator whose state lives in the request's tag, so the loop
 * allocates nothing.
 *
 * <pre>
 * java -cp hw-native.jar:jna.jar:slf4j-api.jar:orion-driver-api.jar org.orion.hw.linux.bench.NativeIoBench \
 *      FILE read|write|randread|randwrite BLOCK_BYTES DEPTH SECONDS [IO_THREADS]
 * </pre>
 * Prints one line: {@code orion <rw> bs=<bytes> qd=<depth> threads=<n> MiB/s=<x> IOPS=<y>}.
 */
public final class NativeIoBench {
    private NativeIoBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: NativeIoBench FILE read|write|randread|randwrite BLOCK_BYTES DEPTH SECONDS [IO_THREADS]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        String rw = args[1];
        int blockBytes = Integer.parseInt(args[2]);
        int depth = Integer.parseInt(args[3]);
        long seconds = Long.parseLong(args[4]);
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : LinuxOpenOptions.DEFAULT_IO_THREADS;
        LinuxOpenOptions options = LinuxOpenOptions.defaults().withQueueDepth(depth).withIoThreads(threads)
                .withMaxTransferBytes(Math.max(blockBytes, 4096)).withBufferedFallback(false);
        try (LinuxBlockDevice device = LinuxDevices.open(file, options)) {
            Result result = run(device, rw, blockBytes, depth, TimeUnit.SECONDS.toNanos(seconds));
            System.out.printf(Locale.ROOT, "orion %s bs=%d qd=%d threads=%d MiB/s=%.1f IOPS=%.0f errors=%d%n", rw,
                    blockBytes, depth, device.ioThreads(), result.mibPerSecond(), result.iops(), result.errors());
        }
    }

    /** Throughput of one run. */
    public record Result(long operations, long bytes, long nanos, long errors) {
        public double mibPerSecond() {
            return bytes / (1024.0 * 1024.0) / (nanos / 1e9);
        }

        public double iops() {
            return operations / (nanos / 1e9);
        }
    }

    /** Runs the load for {@code durationNanos} and waits for every request to settle. */
    public static Result run(LinuxBlockDevice device, String rw, int blockBytes, int depth, long durationNanos)
            throws InterruptedException {
        boolean write = rw.endsWith("write");
        boolean random = rw.startsWith("rand");
        long blocks = device.info().capacityBytes() / blockBytes;
        AtomicLong operations = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong sequentialCursor = new AtomicLong();
        CountDownLatch settled = new CountDownLatch(depth);
        long start = System.nanoTime();
        long deadline = start + durationNanos;
        IoCompletion[] loop = new IoCompletion[1];
        loop[0] = (request, status) -> {
            if (status != IoStatus.OK) {
                errors.incrementAndGet();
            }
            operations.incrementAndGet();
            if (System.nanoTime() >= deadline) {
                settled.countDown();
                return;
            }
            resubmit(device, request, write, random, blocks, blockBytes, sequentialCursor, loop[0], settled);
        };
        for (int i = 0; i < depth; i++) {
            ByteBuffer buffer = NativeBuffers.alignedDirect(blockBytes, 4096);
            IoRequest request = new IoRequest().tag(0x9E3779B97F4A7C15L * (i + 1)).attachment(buffer);
            resubmit(device, request, write, random, blocks, blockBytes, sequentialCursor, loop[0], settled);
        }
        settled.await();
        long nanos = System.nanoTime() - start;
        long ops = operations.get();
        return new Result(ops, ops * blockBytes, nanos, errors.get());
    }

    private static void resubmit(LinuxBlockDevice device, IoRequest request, boolean write, boolean random, long blocks,
                                 int blockBytes, AtomicLong cursor, IoCompletion completion, CountDownLatch settled) {
        long block;
        if (random) {
            long x = request.tag();
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            request.tag(x);
            block = Long.remainderUnsigned(x, blocks);
        } else {
            block = cursor.getAndIncrement() % blocks;
        }
        long tag = request.tag();
        request.set(write ? IoOp.WRITE : IoOp.READ, block * blockBytes, blockBytes, (ByteBuffer) request.attachment(), 0,
                0, completion).tag(tag);
        if (device.submit(request) != IoStatus.OK) {
            settled.countDown(); // cannot happen at this depth; do not hang the run if it does
        }
    }
}
