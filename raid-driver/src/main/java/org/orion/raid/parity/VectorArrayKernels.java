package org.orion.raid.parity;

import static org.orion.raid.parity.VectorShape.CARRY_BITS;
import static org.orion.raid.parity.VectorShape.HIGH_TABLES;
import static org.orion.raid.parity.VectorShape.LOW_TABLES;
import static org.orion.raid.parity.VectorShape.NIBBLE_MASK;
import static org.orion.raid.parity.VectorShape.POLY_PAIR;
import static org.orion.raid.parity.VectorShape.SPECIES;
import static org.orion.raid.parity.VectorShape.VECTOR_BYTES;

import java.nio.ByteBuffer;
import java.util.Objects;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The vector kernels for calls whose buffers are all heap buffers: they load with
 * {@code fromArray} on the backing arrays ({@link HeapBlocks}) instead of {@code fromByteBuffer};
 * {@link VectorArrayRecovery} has the reconstruction kernels.
 *
 * <p>Why a second copy of the loops: on JDK 17, every {@code fromByteBuffer} re-reads the
 * buffer's limit, memory-segment, array and address fields and re-checks bounds (the access has
 * an unknown base, so C2 fences it and cannot reuse the fields), about a dozen instructions per
 * 64-byte vector. {@code fromArray} costs one bounds check. And {@code fromArray} is the load
 * every JDK's incubating Vector API has: JDK 19+ dropped the {@code ByteBuffer} loads, so on those
 * JDKs this is the only vector path (see {@link ParityManager}).
 *
 * <p>How the loops differ from {@link VectorParityKernels} (measured on 8 x 64 KiB in cache,
 * thread CPU time, AMD Zen 4 at 512 bits; ISA-L's AVX-512 kernels on the same machine: XOR
 * 89-101, P+Q 52-58 GB/s):
 * <ul>
 *   <li>XOR takes {@value #XOR_UNROLL} vectors per source visit (512 bytes at 512 bits) from plain
 *       arrays: 82-93 GB/s, against 61 for two vectors (ISA-L's step), 76 for four and 63-69 for
 *       the previous four-vector, two-sources-per-step loop through the buffers.</li>
 *   <li>P+Q stays at {@value VectorParityKernels#UNROLL} vectors per visit (eight was 5-7 % slower:
 *       sixteen accumulators plus temporaries crowd the 32 registers) and starts from the highest
 *       slot's data, as ISA-L does, so the first multiply-by-2 of a zero accumulator is not done.</li>
 *   <li>Zero slots read {@link HeapBlocks}' zero array instead of masking each load.</li>
 * </ul>
 * Each call checks every range against its buffer's limit before writing anything, because
 * {@code fromArray} checks against the whole array, which a slice does not own.
 */
final class VectorArrayKernels {
    /** XOR vectors per source visit. */
    static final int XOR_UNROLL = 8;
    private static final int XOR_STEP_BYTES = XOR_UNROLL * VECTOR_BYTES;
    private static final int PQ_STEP_BYTES = VectorParityKernels.UNROLL * VECTOR_BYTES;

    private VectorArrayKernels() {
    }

    /** True when every non-null buffer of {@code blocks[0..count)} and each extra one is a writable heap buffer. */
    static boolean allHeap(ByteBuffer[] blocks, int count, ByteBuffer a, ByteBuffer b) {
        if ((a != null && !a.hasArray()) || (b != null && !b.hasArray())) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (blocks[i] != null && !blocks[i].hasArray()) {
                return false;
            }
        }
        return true;
    }

    /** Index into {@code buffer.array()} of {@code offset}, after checking the range against the limit. */
    static int base(ByteBuffer buffer, int offset, int lengthBytes) {
        Objects.checkFromIndexSize(offset, lengthBytes, buffer.limit());
        return buffer.arrayOffset() + offset;
    }

    static void xor(ByteBuffer[] src, int[] srcOffset, int count, ByteBuffer dst, int dstOffset, int lengthBytes) {
        HeapBlocks blocks = HeapBlocks.forCurrentThread().read(src, srcOffset, count, -1, -1, lengthBytes);
        byte[][] arrays = blocks.arrays;
        int[] bases = blocks.bases;
        byte[] out = dst.array();
        int outBase = base(dst, dstOffset, lengthBytes);
        int pos = 0;
        for (; pos + XOR_STEP_BYTES <= lengthBytes; pos += XOR_STEP_BYTES) {
            byte[] s = arrays[0];
            int at = bases[0] + pos;
            ByteVector a0 = ByteVector.fromArray(SPECIES, s, at);
            ByteVector a1 = ByteVector.fromArray(SPECIES, s, at + VECTOR_BYTES);
            ByteVector a2 = ByteVector.fromArray(SPECIES, s, at + 2 * VECTOR_BYTES);
            ByteVector a3 = ByteVector.fromArray(SPECIES, s, at + 3 * VECTOR_BYTES);
            ByteVector a4 = ByteVector.fromArray(SPECIES, s, at + 4 * VECTOR_BYTES);
            ByteVector a5 = ByteVector.fromArray(SPECIES, s, at + 5 * VECTOR_BYTES);
            ByteVector a6 = ByteVector.fromArray(SPECIES, s, at + 6 * VECTOR_BYTES);
            ByteVector a7 = ByteVector.fromArray(SPECIES, s, at + 7 * VECTOR_BYTES);
            for (int i = 1; i < count; i++) {
                s = arrays[i];
                at = bases[i] + pos;
                a0 = a0.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, s, at));
                a1 = a1.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, s, at + VECTOR_BYTES));
                a2 = a2.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, s, at + 2 * VECTOR_BYTES));
                a3 = a3.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, s, at + 3 * VECTOR_BYTES));
                a4 = a4.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, s, at + 4 * VECTOR_BYTES));
                a5 = a5.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, s, at + 5 * VECTOR_BYTES));
                a6 = a6.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, s, at + 6 * VECTOR_BYTES));
                a7 = a7.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, s, at + 7 * VECTOR_BYTES));
            }
            int o = outBase + pos;
            a0.intoArray(out, o);
            a1.intoArray(out, o + VECTOR_BYTES);
            a2.intoArray(out, o + 2 * VECTOR_BYTES);
            a3.intoArray(out, o + 3 * VECTOR_BYTES);
            a4.intoArray(out, o + 4 * VECTOR_BYTES);
            a5.intoArray(out, o + 5 * VECTOR_BYTES);
            a6.intoArray(out, o + 6 * VECTOR_BYTES);
            a7.intoArray(out, o + 7 * VECTOR_BYTES);
        }
        for (; pos + VECTOR_BYTES <= lengthBytes; pos += VECTOR_BYTES) {
            ByteVector acc = ByteVector.fromArray(SPECIES, arrays[0], bases[0] + pos);
            for (int i = 1; i < count; i++) {
                acc = acc.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, arrays[i], bases[i] + pos));
            }
            acc.intoArray(out, outBase + pos);
        }
        blocks.release();
        VectorTails.xor(src, srcOffset, count, dst, dstOffset, pos, lengthBytes);
    }

    static void pq(ByteBuffer[] data, int[] dataOffset, int slots, ByteBuffer p, int pOffset, ByteBuffer q,
                   int qOffset, int lengthBytes) {
        HeapBlocks blocks = HeapBlocks.forCurrentThread().read(data, dataOffset, slots, -1, -1, lengthBytes);
        byte[][] arrays = blocks.arrays;
        int[] bases = blocks.bases;
        byte[] pArray = p != null ? p.array() : null;
        byte[] qArray = q != null ? q.array() : null;
        int pBase = p != null ? base(p, pOffset, lengthBytes) : 0;
        int qBase = q != null ? base(q, qOffset, lengthBytes) : 0;
        int last = slots - 1;
        int pos = 0;
        for (; pos + PQ_STEP_BYTES <= lengthBytes; pos += PQ_STEP_BYTES) {
            // Horner's rule from the highest slot, whose data is where both sums start.
            byte[] s = arrays[last];
            int at = bases[last] + pos;
            ByteVector p0 = ByteVector.fromArray(SPECIES, s, at);
            ByteVector p1 = ByteVector.fromArray(SPECIES, s, at + VECTOR_BYTES);
            ByteVector p2 = ByteVector.fromArray(SPECIES, s, at + 2 * VECTOR_BYTES);
            ByteVector p3 = ByteVector.fromArray(SPECIES, s, at + 3 * VECTOR_BYTES);
            ByteVector q0 = p0;
            ByteVector q1 = p1;
            ByteVector q2 = p2;
            ByteVector q3 = p3;
            for (int i = last - 1; i >= 0; i--) {
                s = arrays[i];
                at = bases[i] + pos;
                ByteVector v0 = ByteVector.fromArray(SPECIES, s, at);
                ByteVector v1 = ByteVector.fromArray(SPECIES, s, at + VECTOR_BYTES);
                ByteVector v2 = ByteVector.fromArray(SPECIES, s, at + 2 * VECTOR_BYTES);
                ByteVector v3 = ByteVector.fromArray(SPECIES, s, at + 3 * VECTOR_BYTES);
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
            if (pArray != null) {
                int o = pBase + pos;
                p0.intoArray(pArray, o);
                p1.intoArray(pArray, o + VECTOR_BYTES);
                p2.intoArray(pArray, o + 2 * VECTOR_BYTES);
                p3.intoArray(pArray, o + 3 * VECTOR_BYTES);
            }
            if (qArray != null) {
                int o = qBase + pos;
                q0.intoArray(qArray, o);
                q1.intoArray(qArray, o + VECTOR_BYTES);
                q2.intoArray(qArray, o + 2 * VECTOR_BYTES);
                q3.intoArray(qArray, o + 3 * VECTOR_BYTES);
            }
        }
        for (; pos + VECTOR_BYTES <= lengthBytes; pos += VECTOR_BYTES) {
            ByteVector pAcc = ByteVector.fromArray(SPECIES, arrays[last], bases[last] + pos);
            ByteVector qAcc = pAcc;
            for (int i = last - 1; i >= 0; i--) {
                ByteVector v = ByteVector.fromArray(SPECIES, arrays[i], bases[i] + pos);
                qAcc = qAcc.add(qAcc).lanewise(VectorOperators.XOR, qAcc.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                pAcc = pAcc.lanewise(VectorOperators.XOR, v);
                qAcc = qAcc.lanewise(VectorOperators.XOR, v);
            }
            if (pArray != null) {
                pAcc.intoArray(pArray, pBase + pos);
            }
            if (qArray != null) {
                qAcc.intoArray(qArray, qBase + pos);
            }
        }
        blocks.release();
        VectorTails.pq(data, dataOffset, slots, p, pOffset, q, qOffset, pos, lengthBytes);
    }

    /** {@code dst ^= src} on heap buffers. */
    static void xorInto(ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset, int lengthBytes) {
        byte[] in = src.array();
        int inBase = base(src, srcOffset, lengthBytes);
        byte[] out = dst.array();
        int outBase = base(dst, dstOffset, lengthBytes);
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector.fromArray(SPECIES, out, outBase + pos)
                    .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, in, inBase + pos))
                    .intoArray(out, outBase + pos);
        }
        VectorTails.xorInto(src, srcOffset, dst, dstOffset, end, lengthBytes);
    }

    /** {@code dst ^= coefficient·src} on heap buffers (nibble tables, as in {@link VectorRecovery}). */
    static void mulXorInto(int coefficient, ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset,
                           int lengthBytes) {
        byte[] in = src.array();
        int inBase = base(src, srcOffset, lengthBytes);
        byte[] out = dst.array();
        int outBase = base(dst, dstOffset, lengthBytes);
        ByteVector low = ByteVector.fromArray(SPECIES, LOW_TABLES, coefficient * VECTOR_BYTES);
        ByteVector high = ByteVector.fromArray(SPECIES, HIGH_TABLES, coefficient * VECTOR_BYTES);
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector v = ByteVector.fromArray(SPECIES, in, inBase + pos);
            ByteVector product = v.and(NIBBLE_MASK).selectFrom(low).lanewise(VectorOperators.XOR,
                    v.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                            .and(NIBBLE_MASK).selectFrom(high));
            ByteVector.fromArray(SPECIES, out, outBase + pos).lanewise(VectorOperators.XOR, product)
                    .intoArray(out, outBase + pos);
        }
        VectorTails.mulXorInto(coefficient, src, srcOffset, dst, dstOffset, end, lengthBytes);
    }
}
