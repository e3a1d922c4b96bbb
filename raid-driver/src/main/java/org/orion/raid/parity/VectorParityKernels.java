package org.orion.raid.parity;

import static org.orion.raid.parity.VectorShape.ORDER;
import static org.orion.raid.parity.VectorShape.CARRY_BITS;
import static org.orion.raid.parity.VectorShape.POLY_PAIR;
import static org.orion.raid.parity.VectorShape.SPECIES;
import static org.orion.raid.parity.VectorShape.VECTOR_BYTES;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on {@code jdk.incubator.vector} ({@link VectorShape} fixes the width); the scalar
 * kernels finish each call's tail shorter than a vector, {@link VectorRecovery} holds the
 * GF-multiplying ones, and calls whose buffers are all heap buffers go to
 * {@link VectorArrayKernels}, which is faster on them.
 *
 * <p>Why the loops look like this:
 * <ul>
 *   <li>Accumulators stay in registers across the sources (one load per source per vector, one
 *       store per output), as in ISA-L and Linux. The main loops handle {@value #UNROLL} vectors
 *       per source visit, so the per-source costs (array reads, null test, loop) are paid once
 *       per {@value #UNROLL} vectors. {@code fromByteBuffer}'s own cost per load (bounds check
 *       and buffer field reads, about a dozen instructions on JDK 17) is not amortised: see
 *       {@link VectorArrayKernels}.</li>
 *   <li>Q uses Horner's rule, {@code q = 2·q ⊕ D_i} from the highest slot down, so the only field
 *       operation is multiply-by-2: {@code q + q} (a byte add is a shift left that drops the
 *       carry) then XOR {@code 0x1d} into the bytes whose top bit was set, computed without
 *       masks (see {@link VectorShape#CARRY_BITS}). It is written out in place, never as a call:
 *       see {@link VectorShape}.</li>
 *   <li>No vector value is ever chosen by a branch. JDK 17's C2 boxes a vector on the heap where
 *       two control-flow paths merge different vector values (measured: 576 bytes per step and a
 *       2x slowdown in recovery). So a zero (null) slot does not skip its XOR: the branch only
 *       picks scalars, a stand-in block (an output of the same length) and a lane mask of 0
 *       instead of -1, and the loaded vector is ANDed with that mask.</li>
 * </ul>
 */
final class VectorParityKernels implements ParityKernels {
    static final int UNROLL = 4;
    private static final int STEP_BYTES = UNROLL * VECTOR_BYTES;

    /**
     * Whether this JDK's incubating Vector API can load from a {@code ByteBuffer} (JDK 16-18). JDK
     * 19+ replaced those loads with {@code MemorySegment} ones, which the Java 17 sources cannot
     * call; there the all-heap calls still run on vectors ({@code fromArray} exists in every
     * version) and calls with a direct buffer go to {@link #BUFFER_FALLBACK}. Checked once, by reflection,
     * so that no {@code fromByteBuffer} call site is ever linked on a JDK without it.
     * {@code -Dorion.parity.bufferLoads=false} forces the heap-only mode on JDK 17 (for tests).
     */
    static final boolean BUFFER_LOADS = bufferLoadsAvailable();
    /**
     * Where calls with a direct or read-only buffer go when {@link #BUFFER_LOADS} is false: the
     * {@code MemorySegment} loops of {@code SegmentKernels} on JDK 22+ when this build has them
     * (src/main/java22), else the scalar kernels.
     */
    private static final ParityKernels BUFFER_FALLBACK = bufferFallback();

    private final String name = "vector-" + SPECIES.vectorBitSize()
            + (BUFFER_LOADS ? "" : BUFFER_FALLBACK instanceof ScalarParityKernels ? "-heap" : "-segment");

    private static boolean bufferLoadsAvailable() {
        if (!Boolean.parseBoolean(System.getProperty("orion.parity.bufferLoads", "true"))) {
            return false;
        }
        try {
            ByteVector.class.getMethod("fromByteBuffer", VectorSpecies.class, ByteBuffer.class, int.class,
                    ByteOrder.class);
            ByteVector.class.getMethod("intoByteBuffer", ByteBuffer.class, int.class, ByteOrder.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * {@code SegmentKernels}, compiled with {@code --release 22} into this package only when the
     * build had a JDK 22+ (raid-driver pom, profile {@code segment-kernels}), and loaded only on a
     * JVM that runs it; {@code -Dorion.parity.segments=false} turns it off (for tests and
     * comparisons). Anything else falls back to the scalar kernels, which are always correct.
     */
    private static ParityKernels bufferFallback() {
        ParityKernels scalar = new ScalarParityKernels();
        if (BUFFER_LOADS || Runtime.version().feature() < 22
                || !Boolean.parseBoolean(System.getProperty("orion.parity.segments", "true"))) {
            return scalar;
        }
        try {
            ParityKernels segments = (ParityKernels) Class.forName("org.orion.raid.parity.SegmentKernels")
                    .getDeclaredConstructor().newInstance();
            linkEveryMethod(segments);
            return segments;
        } catch (ReflectiveOperationException | LinkageError e) {
            // A later JDK whose incubating API no longer has what these classes were compiled
            // against: only direct buffers lose their vector loops, not the whole vector path
            // (ParityManager's self-check would otherwise reject all of it).
            return scalar;
        }
    }

    /** Calls each method once on small direct blocks, so that a missing API method fails here. */
    private static void linkEveryMethod(ParityKernels kernels) {
        int lengthBytes = 8 * VECTOR_BYTES + 3;
        ByteBuffer[] data = new ByteBuffer[3];
        for (int i = 0; i < data.length; i++) {
            data[i] = ByteBuffer.allocateDirect(lengthBytes);
        }
        int[] offsets = new int[data.length];
        ByteBuffer p = ByteBuffer.allocateDirect(lengthBytes);
        ByteBuffer q = ByteBuffer.allocateDirect(lengthBytes);
        kernels.xor(data, offsets, data.length, p, 0, lengthBytes);
        kernels.pq(data, offsets, data.length, p, 0, q, 0, lengthBytes);
        kernels.xorInto(data[0], 0, p, 0, lengthBytes);
        kernels.mulXorInto(3, data[0], 0, q, 0, lengthBytes);
        kernels.recoverTwoData(data, offsets, data.length, 0, 1, p, 0, q, 0, lengthBytes);
        kernels.recoverDataFromQ(data, offsets, data.length, 2, q, 0, lengthBytes);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public void xor(ByteBuffer[] src, int[] srcOffset, int count, ByteBuffer dst, int dstOffset, int lengthBytes) {
        Arguments.checkLength(lengthBytes);
        if (VectorArrayKernels.allHeap(src, count, dst, null)) {
            VectorArrayKernels.xor(src, srcOffset, count, dst, dstOffset, lengthBytes);
            return;
        }
        if (!BUFFER_LOADS) {
            BUFFER_FALLBACK.xor(src, srcOffset, count, dst, dstOffset, lengthBytes);
            return;
        }
        boolean even = (count & 1) == 0;
        int firstPair = even ? 2 : 1;
        int pos = 0;
        for (; pos + STEP_BYTES <= lengthBytes; pos += STEP_BYTES) {
            // Two sources per step: two independent loads XORed together halve the chain of
            // dependent XORs into the accumulators (5-20 % faster on heap arrays in a standalone
            // loop, thread CPU time; no measurable change on direct buffers, where the per-load
            // cost of fromByteBuffer dominates). An odd count
            // starts from src[0] alone, an even one from src[0] ^ src[1]; the choice is made on
            // scalars (a mask of 0 or -1) because a branch choosing vectors would box them.
            ByteBuffer s = src[0];
            int at = srcOffset[0] + pos;
            ByteBuffer t = s;
            int bt = at;
            byte keep = 0;
            if (even) {
                t = src[1];
                bt = srcOffset[1] + pos;
                keep = -1;
            }
            ByteVector a0 = ByteVector.fromByteBuffer(SPECIES, s, at, ORDER).lanewise(VectorOperators.XOR,
                    ByteVector.fromByteBuffer(SPECIES, t, bt, ORDER).and(keep));
            ByteVector a1 = ByteVector.fromByteBuffer(SPECIES, s, at + VECTOR_BYTES, ORDER)
                    .lanewise(VectorOperators.XOR,
                            ByteVector.fromByteBuffer(SPECIES, t, bt + VECTOR_BYTES, ORDER).and(keep));
            ByteVector a2 = ByteVector.fromByteBuffer(SPECIES, s, at + 2 * VECTOR_BYTES, ORDER)
                    .lanewise(VectorOperators.XOR,
                            ByteVector.fromByteBuffer(SPECIES, t, bt + 2 * VECTOR_BYTES, ORDER).and(keep));
            ByteVector a3 = ByteVector.fromByteBuffer(SPECIES, s, at + 3 * VECTOR_BYTES, ORDER)
                    .lanewise(VectorOperators.XOR,
                            ByteVector.fromByteBuffer(SPECIES, t, bt + 3 * VECTOR_BYTES, ORDER).and(keep));
            for (int i = firstPair; i + 1 < count; i += 2) {
                s = src[i];
                at = srcOffset[i] + pos;
                t = src[i + 1];
                bt = srcOffset[i + 1] + pos;
                a0 = a0.lanewise(VectorOperators.XOR, ByteVector.fromByteBuffer(SPECIES, s, at, ORDER)
                        .lanewise(VectorOperators.XOR, ByteVector.fromByteBuffer(SPECIES, t, bt, ORDER)));
                a1 = a1.lanewise(VectorOperators.XOR,
                        ByteVector.fromByteBuffer(SPECIES, s, at + VECTOR_BYTES, ORDER).lanewise(VectorOperators.XOR,
                                ByteVector.fromByteBuffer(SPECIES, t, bt + VECTOR_BYTES, ORDER)));
                a2 = a2.lanewise(VectorOperators.XOR,
                        ByteVector.fromByteBuffer(SPECIES, s, at + 2 * VECTOR_BYTES, ORDER)
                                .lanewise(VectorOperators.XOR,
                                        ByteVector.fromByteBuffer(SPECIES, t, bt + 2 * VECTOR_BYTES, ORDER)));
                a3 = a3.lanewise(VectorOperators.XOR,
                        ByteVector.fromByteBuffer(SPECIES, s, at + 3 * VECTOR_BYTES, ORDER)
                                .lanewise(VectorOperators.XOR,
                                        ByteVector.fromByteBuffer(SPECIES, t, bt + 3 * VECTOR_BYTES, ORDER)));
            }
            int out = dstOffset + pos;
            a0.intoByteBuffer(dst, out, ORDER);
            a1.intoByteBuffer(dst, out + VECTOR_BYTES, ORDER);
            a2.intoByteBuffer(dst, out + 2 * VECTOR_BYTES, ORDER);
            a3.intoByteBuffer(dst, out + 3 * VECTOR_BYTES, ORDER);
        }
        for (; pos + VECTOR_BYTES <= lengthBytes; pos += VECTOR_BYTES) {
            ByteVector acc = ByteVector.fromByteBuffer(SPECIES, src[0], srcOffset[0] + pos, ORDER);
            for (int i = 1; i < count; i++) {
                acc = acc.lanewise(VectorOperators.XOR,
                        ByteVector.fromByteBuffer(SPECIES, src[i], srcOffset[i] + pos, ORDER));
            }
            acc.intoByteBuffer(dst, dstOffset + pos, ORDER);
        }
        VectorTails.xor(src, srcOffset, count, dst, dstOffset, pos, lengthBytes);
    }

    @Override
    public void pq(ByteBuffer[] data, int[] dataOffset, int slots, ByteBuffer p, int pOffset, ByteBuffer q,
                   int qOffset, int lengthBytes) {
        Arguments.checkLength(lengthBytes);
        if (p == null && q == null) {
            return;
        }
        if (VectorArrayKernels.allHeap(data, slots, p, q)) {
            VectorArrayKernels.pq(data, dataOffset, slots, p, pOffset, q, qOffset, lengthBytes);
            return;
        }
        if (!BUFFER_LOADS) {
            BUFFER_FALLBACK.pq(data, dataOffset, slots, p, pOffset, q, qOffset, lengthBytes);
            return;
        }
        // Zero slots read this block instead and mask what they read to zero.
        ByteBuffer stand = p != null ? p : q;
        int standOffset = p != null ? pOffset : qOffset;
        ByteVector zero = ByteVector.zero(SPECIES);
        int pos = 0;
        for (; pos + STEP_BYTES <= lengthBytes; pos += STEP_BYTES) {
            ByteVector p0 = zero;
            ByteVector p1 = zero;
            ByteVector p2 = zero;
            ByteVector p3 = zero;
            ByteVector q0 = zero;
            ByteVector q1 = zero;
            ByteVector q2 = zero;
            ByteVector q3 = zero;
            for (int i = slots - 1; i >= 0; i--) {
                q0 = q0.add(q0).lanewise(VectorOperators.XOR, q0.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                q1 = q1.add(q1).lanewise(VectorOperators.XOR, q1.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                q2 = q2.add(q2).lanewise(VectorOperators.XOR, q2.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                q3 = q3.add(q3).lanewise(VectorOperators.XOR, q3.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                ByteBuffer d = data[i];
                int at = dataOffset[i] + pos;
                byte keep = -1;
                if (d == null) { // a zero slot: see the class comment
                    d = stand;
                    at = standOffset + pos;
                    keep = 0;
                }
                ByteVector v0 = ByteVector.fromByteBuffer(SPECIES, d, at, ORDER).and(keep);
                ByteVector v1 = ByteVector.fromByteBuffer(SPECIES, d, at + VECTOR_BYTES, ORDER).and(keep);
                ByteVector v2 = ByteVector.fromByteBuffer(SPECIES, d, at + 2 * VECTOR_BYTES, ORDER).and(keep);
                ByteVector v3 = ByteVector.fromByteBuffer(SPECIES, d, at + 3 * VECTOR_BYTES, ORDER).and(keep);
                p0 = p0.lanewise(VectorOperators.XOR, v0);
                p1 = p1.lanewise(VectorOperators.XOR, v1);
                p2 = p2.lanewise(VectorOperators.XOR, v2);
                p3 = p3.lanewise(VectorOperators.XOR, v3);
                q0 = q0.lanewise(VectorOperators.XOR, v0);
                q1 = q1.lanewise(VectorOperators.XOR, v1);
                q2 = q2.lanewise(VectorOperators.XOR, v2);
                q3 = q3.lanewise(VectorOperators.XOR, v3);
            }
            if (p != null) {
                int out = pOffset + pos;
                p0.intoByteBuffer(p, out, ORDER);
                p1.intoByteBuffer(p, out + VECTOR_BYTES, ORDER);
                p2.intoByteBuffer(p, out + 2 * VECTOR_BYTES, ORDER);
                p3.intoByteBuffer(p, out + 3 * VECTOR_BYTES, ORDER);
            }
            if (q != null) {
                int out = qOffset + pos;
                q0.intoByteBuffer(q, out, ORDER);
                q1.intoByteBuffer(q, out + VECTOR_BYTES, ORDER);
                q2.intoByteBuffer(q, out + 2 * VECTOR_BYTES, ORDER);
                q3.intoByteBuffer(q, out + 3 * VECTOR_BYTES, ORDER);
            }
        }
        for (; pos + VECTOR_BYTES <= lengthBytes; pos += VECTOR_BYTES) {
            ByteVector pAcc = zero;
            ByteVector qAcc = zero;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = qAcc.add(qAcc).lanewise(VectorOperators.XOR, qAcc.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                ByteBuffer d = data[i];
                int at = dataOffset[i] + pos;
                byte keep = -1;
                if (d == null) {
                    d = stand;
                    at = standOffset + pos;
                    keep = 0;
                }
                ByteVector v = ByteVector.fromByteBuffer(SPECIES, d, at, ORDER).and(keep);
                pAcc = pAcc.lanewise(VectorOperators.XOR, v);
                qAcc = qAcc.lanewise(VectorOperators.XOR, v);
            }
            if (p != null) {
                pAcc.intoByteBuffer(p, pOffset + pos, ORDER);
            }
            if (q != null) {
                qAcc.intoByteBuffer(q, qOffset + pos, ORDER);
            }
        }
        VectorTails.pq(data, dataOffset, slots, p, pOffset, q, qOffset, pos, lengthBytes);
    }

    @Override
    public void xorInto(ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset, int lengthBytes) {
        Arguments.checkLength(lengthBytes);
        if (src.hasArray() && dst.hasArray()) {
            VectorArrayKernels.xorInto(src, srcOffset, dst, dstOffset, lengthBytes);
            return;
        }
        if (!BUFFER_LOADS) {
            BUFFER_FALLBACK.xorInto(src, srcOffset, dst, dstOffset, lengthBytes);
            return;
        }
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector.fromByteBuffer(SPECIES, dst, dstOffset + pos, ORDER).lanewise(VectorOperators.XOR,
                    ByteVector.fromByteBuffer(SPECIES, src, srcOffset + pos, ORDER))
                    .intoByteBuffer(dst, dstOffset + pos, ORDER);
        }
        VectorTails.xorInto(src, srcOffset, dst, dstOffset, end, lengthBytes);
    }

    @Override
    public void mulXorInto(int coefficient, ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset,
                           int lengthBytes) {
        if (!BUFFER_LOADS && !(src.hasArray() && dst.hasArray())) {
            BUFFER_FALLBACK.mulXorInto(coefficient, src, srcOffset, dst, dstOffset, lengthBytes);
            return;
        }
        VectorRecovery.mulXorInto(coefficient, src, srcOffset, dst, dstOffset, lengthBytes);
    }

    @Override
    public void recoverTwoData(ByteBuffer[] data, int[] dataOffset, int slots, int x, int y,
                               ByteBuffer p, int pOffset, ByteBuffer q, int qOffset, int lengthBytes) {
        if (!BUFFER_LOADS && !VectorArrayKernels.allHeap(data, slots, p, q)) {
            BUFFER_FALLBACK.recoverTwoData(data, dataOffset, slots, x, y, p, pOffset, q, qOffset, lengthBytes);
            return;
        }
        VectorRecovery.recoverTwoData(data, dataOffset, slots, x, y, p, pOffset, q, qOffset, lengthBytes);
    }

    @Override
    public void recoverDataFromQ(ByteBuffer[] data, int[] dataOffset, int slots, int x,
                                 ByteBuffer q, int qOffset, int lengthBytes) {
        if (!BUFFER_LOADS && !VectorArrayKernels.allHeap(data, slots, q, null)) {
            BUFFER_FALLBACK.recoverDataFromQ(data, dataOffset, slots, x, q, qOffset, lengthBytes);
            return;
        }
        VectorRecovery.recoverDataFromQ(data, dataOffset, slots, x, q, qOffset, lengthBytes);
    }
}
