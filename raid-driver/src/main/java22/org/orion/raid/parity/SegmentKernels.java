package org.orion.raid.parity;

import static org.orion.raid.parity.SegmentBlocks.ALL;
import static org.orion.raid.parity.VectorShape.CARRY_BITS;
import static org.orion.raid.parity.VectorShape.HIGH_TABLES;
import static org.orion.raid.parity.VectorShape.LOW_TABLES;
import static org.orion.raid.parity.VectorShape.NIBBLE_MASK;
import static org.orion.raid.parity.VectorShape.ORDER;
import static org.orion.raid.parity.VectorShape.POLY_PAIR;
import static org.orion.raid.parity.VectorShape.SPECIES;
import static org.orion.raid.parity.VectorShape.VECTOR_BYTES;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The vector kernels for calls with a direct (or read-only) buffer on JDK 22 and later: the loops
 * of {@link VectorArrayKernels} (read it for why they look like this), loading from native
 * memory through one constant {@link MemorySegment} ({@link SegmentBlocks#ALL}, at the addresses
 * {@link SegmentBlocks} checked) instead of from arrays. {@link SegmentRecovery} has the
 * reconstruction kernels.
 *
 * <p>Why this class exists: JDK 19+ removed the incubating Vector API's {@code ByteBuffer} loads,
 * so a Java 17 build can only run all-heap calls on vectors there, and the array's data path hands
 * the kernels direct buffers (NBD client buffers, the stripe engine's O_DIRECT-ready columns).
 * {@code fromMemorySegment} on a constant segment costs next to nothing per load, where JDK 17's
 * {@code fromByteBuffer} costs about a dozen instructions and a segment taken from an array
 * (one per buffer, as these loops first did) a check of its kind, bounds and liveness: XOR of
 * 8 x 64 KiB direct blocks in cache, thread CPU time, Zen 4, JDK 25: 87-97 GB/s with the constant,
 * 50-77 with a segment per buffer, 42-48 on JDK 17's buffer loops. This file is
 * compiled with {@code --release 22} (src/main/java22, only when the build is given a JDK 22+:
 * see the raid-driver pom) and loaded by name from {@link VectorParityKernels} only on a JVM of
 * that version, so the Java 17 build and runtime never see it.
 */
final class SegmentKernels implements ParityKernels {
    private static final int XOR_UNROLL = VectorArrayKernels.XOR_UNROLL;
    private static final int XOR_STEP_BYTES = XOR_UNROLL * VECTOR_BYTES;
    private static final int PQ_STEP_BYTES = VectorParityKernels.UNROLL * VECTOR_BYTES;

    @Override
    public String name() {
        return "segment-" + SPECIES.vectorBitSize();
    }

    @Override
    public void xor(ByteBuffer[] src, int[] srcOffset, int count, ByteBuffer dst, int dstOffset, int lengthBytes) {
        Arguments.checkLength(lengthBytes);
        SegmentBlocks blocks = SegmentBlocks.forCurrentThread().begin(count + 1);
        blocks.sources(src, srcOffset, count, -1, -1, lengthBytes);
        blocks.output(count, dst, dstOffset, lengthBytes, false);
        long[] bases = blocks.bases;
        long outBase = bases[count];
        int pos = 0;
        for (; pos + XOR_STEP_BYTES <= lengthBytes; pos += XOR_STEP_BYTES) {
            long at = bases[0] + pos;
            ByteVector a0 = ByteVector.fromMemorySegment(SPECIES, ALL, at, ORDER);
            ByteVector a1 = ByteVector.fromMemorySegment(SPECIES, ALL, at + VECTOR_BYTES, ORDER);
            ByteVector a2 = ByteVector.fromMemorySegment(SPECIES, ALL, at + 2 * VECTOR_BYTES, ORDER);
            ByteVector a3 = ByteVector.fromMemorySegment(SPECIES, ALL, at + 3 * VECTOR_BYTES, ORDER);
            ByteVector a4 = ByteVector.fromMemorySegment(SPECIES, ALL, at + 4 * VECTOR_BYTES, ORDER);
            ByteVector a5 = ByteVector.fromMemorySegment(SPECIES, ALL, at + 5 * VECTOR_BYTES, ORDER);
            ByteVector a6 = ByteVector.fromMemorySegment(SPECIES, ALL, at + 6 * VECTOR_BYTES, ORDER);
            ByteVector a7 = ByteVector.fromMemorySegment(SPECIES, ALL, at + 7 * VECTOR_BYTES, ORDER);
            for (int i = 1; i < count; i++) {
                at = bases[i] + pos;
                a0 = a0.lanewise(VectorOperators.XOR, ByteVector.fromMemorySegment(SPECIES, ALL, at, ORDER));
                a1 = a1.lanewise(VectorOperators.XOR, ByteVector.fromMemorySegment(SPECIES, ALL, at + VECTOR_BYTES, ORDER));
                a2 = a2.lanewise(VectorOperators.XOR,
                        ByteVector.fromMemorySegment(SPECIES, ALL, at + 2 * VECTOR_BYTES, ORDER));
                a3 = a3.lanewise(VectorOperators.XOR,
                        ByteVector.fromMemorySegment(SPECIES, ALL, at + 3 * VECTOR_BYTES, ORDER));
                a4 = a4.lanewise(VectorOperators.XOR,
                        ByteVector.fromMemorySegment(SPECIES, ALL, at + 4 * VECTOR_BYTES, ORDER));
                a5 = a5.lanewise(VectorOperators.XOR,
                        ByteVector.fromMemorySegment(SPECIES, ALL, at + 5 * VECTOR_BYTES, ORDER));
                a6 = a6.lanewise(VectorOperators.XOR,
                        ByteVector.fromMemorySegment(SPECIES, ALL, at + 6 * VECTOR_BYTES, ORDER));
                a7 = a7.lanewise(VectorOperators.XOR,
                        ByteVector.fromMemorySegment(SPECIES, ALL, at + 7 * VECTOR_BYTES, ORDER));
            }
            long o = outBase + pos;
            a0.intoMemorySegment(ALL, o, ORDER);
            a1.intoMemorySegment(ALL, o + VECTOR_BYTES, ORDER);
            a2.intoMemorySegment(ALL, o + 2 * VECTOR_BYTES, ORDER);
            a3.intoMemorySegment(ALL, o + 3 * VECTOR_BYTES, ORDER);
            a4.intoMemorySegment(ALL, o + 4 * VECTOR_BYTES, ORDER);
            a5.intoMemorySegment(ALL, o + 5 * VECTOR_BYTES, ORDER);
            a6.intoMemorySegment(ALL, o + 6 * VECTOR_BYTES, ORDER);
            a7.intoMemorySegment(ALL, o + 7 * VECTOR_BYTES, ORDER);
        }
        for (; pos + VECTOR_BYTES <= lengthBytes; pos += VECTOR_BYTES) {
            ByteVector acc = ByteVector.fromMemorySegment(SPECIES, ALL, bases[0] + pos, ORDER);
            for (int i = 1; i < count; i++) {
                acc = acc.lanewise(VectorOperators.XOR,
                        ByteVector.fromMemorySegment(SPECIES, ALL, bases[i] + pos, ORDER));
            }
            acc.intoMemorySegment(ALL, outBase + pos, ORDER);
        }
        blocks.finish(pos);
        VectorTails.xor(src, srcOffset, count, dst, dstOffset, pos, lengthBytes);
    }

    @Override
    public void pq(ByteBuffer[] data, int[] dataOffset, int slots, ByteBuffer p, int pOffset, ByteBuffer q,
                   int qOffset, int lengthBytes) {
        Arguments.checkLength(lengthBytes);
        SegmentBlocks blocks = SegmentBlocks.forCurrentThread().begin(slots + 2);
        blocks.sources(data, dataOffset, slots, -1, -1, lengthBytes);
        if (p != null) {
            blocks.output(slots, p, pOffset, lengthBytes, false);
        }
        if (q != null) {
            blocks.output(slots + 1, q, qOffset, lengthBytes, false);
        }
        long[] bases = blocks.bases;
        boolean writeP = p != null;
        boolean writeQ = q != null;
        long pBase = bases[slots];
        long qBase = bases[slots + 1];
        int last = slots - 1;
        int pos = 0;
        for (; pos + PQ_STEP_BYTES <= lengthBytes; pos += PQ_STEP_BYTES) {
            // Horner's rule from the highest slot, whose data is where both sums start.
            long at = bases[last] + pos;
            ByteVector p0 = ByteVector.fromMemorySegment(SPECIES, ALL, at, ORDER);
            ByteVector p1 = ByteVector.fromMemorySegment(SPECIES, ALL, at + VECTOR_BYTES, ORDER);
            ByteVector p2 = ByteVector.fromMemorySegment(SPECIES, ALL, at + 2 * VECTOR_BYTES, ORDER);
            ByteVector p3 = ByteVector.fromMemorySegment(SPECIES, ALL, at + 3 * VECTOR_BYTES, ORDER);
            ByteVector q0 = p0;
            ByteVector q1 = p1;
            ByteVector q2 = p2;
            ByteVector q3 = p3;
            for (int i = last - 1; i >= 0; i--) {
                at = bases[i] + pos;
                ByteVector v0 = ByteVector.fromMemorySegment(SPECIES, ALL, at, ORDER);
                ByteVector v1 = ByteVector.fromMemorySegment(SPECIES, ALL, at + VECTOR_BYTES, ORDER);
                ByteVector v2 = ByteVector.fromMemorySegment(SPECIES, ALL, at + 2 * VECTOR_BYTES, ORDER);
                ByteVector v3 = ByteVector.fromMemorySegment(SPECIES, ALL, at + 3 * VECTOR_BYTES, ORDER);
                q0 = q0.add(q0).lanewise(VectorOperators.XOR, q0.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                q1 = q1.add(q1).lanewise(VectorOperators.XOR, q1.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                q2 = q2.add(q2).lanewise(VectorOperators.XOR, q2.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                q3 = q3.add(q3).lanewise(VectorOperators.XOR, q3.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                p0 = p0.lanewise(VectorOperators.XOR, v0);
                p1 = p1.lanewise(VectorOperators.XOR, v1);
                p2 = p2.lanewise(VectorOperators.XOR, v2);
                p3 = p3.lanewise(VectorOperators.XOR, v3);
                q0 = q0.lanewise(VectorOperators.XOR, v0);
                q1 = q1.lanewise(VectorOperators.XOR, v1);
                q2 = q2.lanewise(VectorOperators.XOR, v2);
                q3 = q3.lanewise(VectorOperators.XOR, v3);
            }
            if (writeP) {
                long o = pBase + pos;
                p0.intoMemorySegment(ALL, o, ORDER);
                p1.intoMemorySegment(ALL, o + VECTOR_BYTES, ORDER);
                p2.intoMemorySegment(ALL, o + 2 * VECTOR_BYTES, ORDER);
                p3.intoMemorySegment(ALL, o + 3 * VECTOR_BYTES, ORDER);
            }
            if (writeQ) {
                long o = qBase + pos;
                q0.intoMemorySegment(ALL, o, ORDER);
                q1.intoMemorySegment(ALL, o + VECTOR_BYTES, ORDER);
                q2.intoMemorySegment(ALL, o + 2 * VECTOR_BYTES, ORDER);
                q3.intoMemorySegment(ALL, o + 3 * VECTOR_BYTES, ORDER);
            }
        }
        for (; pos + VECTOR_BYTES <= lengthBytes; pos += VECTOR_BYTES) {
            ByteVector pAcc = ByteVector.fromMemorySegment(SPECIES, ALL, bases[last] + pos, ORDER);
            ByteVector qAcc = pAcc;
            for (int i = last - 1; i >= 0; i--) {
                ByteVector v = ByteVector.fromMemorySegment(SPECIES, ALL, bases[i] + pos, ORDER);
                qAcc = qAcc.add(qAcc).lanewise(VectorOperators.XOR, qAcc.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                pAcc = pAcc.lanewise(VectorOperators.XOR, v);
                qAcc = qAcc.lanewise(VectorOperators.XOR, v);
            }
            if (writeP) {
                pAcc.intoMemorySegment(ALL, pBase + pos, ORDER);
            }
            if (writeQ) {
                qAcc.intoMemorySegment(ALL, qBase + pos, ORDER);
            }
        }
        blocks.finish(pos);
        VectorTails.pq(data, dataOffset, slots, p, pOffset, q, qOffset, pos, lengthBytes);
    }

    @Override
    public void xorInto(ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset, int lengthBytes) {
        Arguments.checkLength(lengthBytes);
        int end = SPECIES.loopBound(lengthBytes);
        SegmentBlocks blocks = SegmentBlocks.inPlace(src, srcOffset, dst, dstOffset, lengthBytes);
        long inBase = blocks.bases[0];
        long outBase = blocks.bases[1];
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            long o = outBase + pos;
            ByteVector.fromMemorySegment(SPECIES, ALL, o, ORDER)
                    .lanewise(VectorOperators.XOR, ByteVector.fromMemorySegment(SPECIES, ALL, inBase + pos, ORDER))
                    .intoMemorySegment(ALL, o, ORDER);
        }
        blocks.finish(end);
        VectorTails.xorInto(src, srcOffset, dst, dstOffset, end, lengthBytes);
    }

    @Override
    public void mulXorInto(int coefficient, ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset,
                           int lengthBytes) {
        Arguments.checkLength(lengthBytes);
        int end = SPECIES.loopBound(lengthBytes);
        SegmentBlocks blocks = SegmentBlocks.inPlace(src, srcOffset, dst, dstOffset, lengthBytes);
        long inBase = blocks.bases[0];
        long outBase = blocks.bases[1];
        int table = (coefficient & 0xff) * VECTOR_BYTES;
        ByteVector low = ByteVector.fromArray(SPECIES, LOW_TABLES, table);
        ByteVector high = ByteVector.fromArray(SPECIES, HIGH_TABLES, table);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector v = ByteVector.fromMemorySegment(SPECIES, ALL, inBase + pos, ORDER);
            ByteVector product = v.and(NIBBLE_MASK).selectFrom(low).lanewise(VectorOperators.XOR,
                    v.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                            .and(NIBBLE_MASK).selectFrom(high));
            long o = outBase + pos;
            ByteVector.fromMemorySegment(SPECIES, ALL, o, ORDER).lanewise(VectorOperators.XOR, product)
                    .intoMemorySegment(ALL, o, ORDER);
        }
        blocks.finish(end);
        VectorTails.mulXorInto(coefficient, src, srcOffset, dst, dstOffset, end, lengthBytes);
    }

    @Override
    public void recoverTwoData(ByteBuffer[] data, int[] dataOffset, int slots, int x, int y,
                               ByteBuffer p, int pOffset, ByteBuffer q, int qOffset, int lengthBytes) {
        SegmentRecovery.recoverTwoData(data, dataOffset, slots, x, y, p, pOffset, q, qOffset, lengthBytes);
    }

    @Override
    public void recoverDataFromQ(ByteBuffer[] data, int[] dataOffset, int slots, int x,
                                 ByteBuffer q, int qOffset, int lengthBytes) {
        SegmentRecovery.recoverDataFromQ(data, dataOffset, slots, x, q, qOffset, lengthBytes);
    }
}
