package org.orion.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.orion.driver.api.io.IoOp;
import org.orion.raid.RaidArray;
import org.orion.raid.parity.ParityManager;

/**
 * The array itself, in-process over zero-latency heap SimDisks (so the numbers are the data path's
 * own cost): full-stripe sequential writes on RAID6 8+2 and 4 KiB random writes on RAID5 4+1, each
 * from one submitting thread with 32 requests in flight. One operation = one client request.
 * Run with {@code -prof gc}: gc.alloc.rate.norm is the bytes allocated per request.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class ArrayWriteBench {
    private static final int QUEUE_DEPTH = 32;

    @State(Scope.Thread)
    public static class FullStripeRaid6 {
        static final int CHUNK = 64 * 1024;
        static final int STRIPE = 8 * CHUNK;

        /**
         * {@code disks}: sequential writes over the whole array (384 MiB of data, 480 MiB of heap
         * media), 32 client buffers, so every copy into a SimDisk and every parity read goes to
         * DRAM. {@code cache}: the same writes cycling over 32 stripes (the queue depth) from one
         * shared client buffer (16 MiB of array data, 20 MiB of media), so the media mostly stay in
         * L3 and the client data in L2: the data path's own cost next to the cached kernel.
         */
        @Param({"disks", "cache"})
        public String workingSet;

        RaidArray array;
        ArrayLoad load;
        long[] offsets = new long[QUEUE_DEPTH];
        long next;
        long stripes;

        @Setup(Level.Trial)
        public void setUp() {
            ParityManager.warmUp();
            array = ArrayLoad.heapArray(6, "left-symmetric", 10, CHUNK, 48L << 20);
            boolean cache = "cache".equals(workingSet);
            load = new ArrayLoad(array, QUEUE_DEPTH, STRIPE, cache);
            stripes = cache ? QUEUE_DEPTH : array.info().capacityBytes() / STRIPE;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            array.close();
        }
    }

    @State(Scope.Thread)
    public static class RandomRaid5 {
        RaidArray array;
        ArrayLoad load;
        long[] offsets = new long[QUEUE_DEPTH];
        SplittableRandom random = new SplittableRandom(7);
        long blocks;

        @Setup(Level.Trial)
        public void setUp() {
            ParityManager.warmUp();
            array = ArrayLoad.heapArray(5, "left-symmetric", 5, 512 * 1024, 64L << 20);
            load = new ArrayLoad(array, QUEUE_DEPTH, 4096);
            blocks = array.info().capacityBytes() / 4096;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            array.close();
        }
    }

    /** Bytes/s = ops/s x 512 KiB. */
    @Benchmark
    @OperationsPerInvocation(QUEUE_DEPTH)
    public void raid6FullStripeSequentialWrite(FullStripeRaid6 s) {
        for (int i = 0; i < QUEUE_DEPTH; i++) {
            s.offsets[i] = (s.next++ % s.stripes) * FullStripeRaid6.STRIPE;
        }
        s.load.runWindow(IoOp.WRITE, s.offsets, FullStripeRaid6.STRIPE);
    }

    /** IOPS. */
    @Benchmark
    @OperationsPerInvocation(QUEUE_DEPTH)
    public void raid5RandomWrite4k(RandomRaid5 s) {
        for (int i = 0; i < QUEUE_DEPTH; i++) {
            s.offsets[i] = s.random.nextLong(s.blocks) * 4096;
        }
        s.load.runWindow(IoOp.WRITE, s.offsets, 4096);
    }
}
