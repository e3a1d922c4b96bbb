package org.orion.bench;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.orion.raid.parity.ParityKernels;
import org.orion.raid.parity.ParityManager;

/**
 * Throughput of the parity kernels on one stripe per operation. Report GB/s as
 * {@code ops/s × dataSlots × chunkBytes}: data bytes of the stripe, the same measure
 * {@code scripts/bench-parity.c} uses for ISA-L, whatever the operation writes.
 *
 * <p>{@code mode=cached} reuses one stripe (hot in L2 for 64 KiB chunks, L3 for 1 MiB);
 * {@code mode=streaming} walks through at least 256 MiB of data stripes so every operation reads
 * from DRAM. {@code recoverTwoData} rebuilds data slots 0 and 1 in place from the rest, P and Q.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx2g"})
public class ParityBench {
    /** At least this much data is cycled through in streaming mode. */
    private static final long STREAMING_BYTES = 256L << 20;

    @Param({"vector", "scalar"})
    public String kernel;

    /** data+parity members: "4+1", "4+2", "8+2". */
    @Param({"4+1", "4+2", "8+2"})
    public String geometry;

    @Param({"65536", "1048576"})
    public int chunkBytes;

    @Param({"cached", "streaming"})
    public String mode;

    @Param({"direct", "heap"})
    public String buffers;

    private ParityKernels kernels;
    private int dataSlots;
    private int stripes;
    private int stripe;
    /** One buffer per member holding all its stripes back to back. */
    private ByteBuffer[] data;
    private ByteBuffer p;
    private ByteBuffer q;
    private int[] dataOffsets;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = "scalar".equals(kernel) ? ParityManager.scalar()
                : ParityManager.vector().orElseThrow(() -> new IllegalStateException("no jdk.incubator.vector"));
        ParityManager.warmUp(); // what a driver does at start-up; JMH's warm-up iterations follow
        dataSlots = Integer.parseInt(geometry.substring(0, geometry.indexOf('+')));
        long stripeDataBytes = (long) dataSlots * chunkBytes;
        stripes = "streaming".equals(mode) ? (int) ((STREAMING_BYTES + stripeDataBytes - 1) / stripeDataBytes) : 1;
        int memberBytes = Math.multiplyExact(stripes, chunkBytes);
        SplittableRandom random = new SplittableRandom(42);
        data = new ByteBuffer[dataSlots];
        for (int i = 0; i < dataSlots; i++) {
            data[i] = allocate(memberBytes);
            for (int b = 0; b < memberBytes; b += 8) {
                data[i].putLong(b, random.nextLong());
            }
        }
        p = allocate(memberBytes);
        q = allocate(memberBytes);
        dataOffsets = new int[dataSlots];
        for (int s = 0; s < stripes; s++) {
            nextStripe();
            kernels.pq(data, dataOffsets, dataSlots, p, offset(), q, offset(), chunkBytes);
        }
    }

    /**
     * Direct buffers are 4 KiB aligned, as the array's own are (stripe engine columns, NBD buffer
     * pool) and as ISA-L's are in the C side of scripts/bench-parity (64 bytes): a 64-byte vector
     * that splits a cache line costs. Measured with XOR of 8 x 64 KiB on JDK 25: 94 GB/s aligned,
     * 64 GB/s 16 bytes off (allocateDirect's own alignment). Heap arrays cannot be aligned.
     */
    private ByteBuffer allocate(int bytes) {
        return "heap".equals(buffers) ? ByteBuffer.allocate(bytes)
                : ByteBuffer.allocateDirect(bytes + 4096).alignedSlice(4096);
    }

    private int offset() {
        return stripe * chunkBytes;
    }

    private void nextStripe() {
        stripe = stripe + 1 == stripes ? 0 : stripe + 1;
        int offset = offset();
        for (int i = 0; i < dataSlots; i++) {
            dataOffsets[i] = offset;
        }
    }

    @Benchmark
    public void xor() {
        nextStripe();
        kernels.xor(data, dataOffsets, dataSlots, p, offset(), chunkBytes);
    }

    @Benchmark
    public void pq() {
        nextStripe();
        kernels.pq(data, dataOffsets, dataSlots, p, offset(), q, offset(), chunkBytes);
    }

    @Benchmark
    public void recoverTwoData() {
        nextStripe();
        kernels.recoverTwoData(data, dataOffsets, dataSlots, 0, 1, p, offset(), q, offset(), chunkBytes);
    }
}
