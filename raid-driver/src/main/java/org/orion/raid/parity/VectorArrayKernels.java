package org.orion.raid.parity;

import static org.orion.raid.parity.VectorShape.NIBBLE_MASK;
import static org.orion.raid.parity.VectorShape.CARRY_BITS;
import static org.orion.raid.parity.VectorShape.POLY_PAIR;
import static org.orion.raid.parity.VectorShape.SPECIES;
import static org.orion.raid.parity.VectorShape.VECTOR_BYTES;
import static org.orion.raid.parity.VectorShape.HIGH_TABLES;
import static org.orion.raid.parity.VectorShape.LOW_TABLES;

import java.nio.ByteBuffer;
import java.util.Objects;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The vector kernels again, for calls whose buffers are all heap buffers: they load with
 * {@code fromArray} on the backing arrays instead of {@code fromByteBuffer}.
 *
 * <p>Why a second copy: on JDK 17, every {@code fromByteBuffer} re-reads the buffer's limit,
 * memory-segment, array and address fields and re-checks bounds (the access has an unknown base,
 * so C2 fences it and cannot reuse the fields), about a dozen instructions per 64-byte vector.
 * {@code fromArray} costs one bounds check. Measured on XOR of 8 x 64 KiB (best of 40 rounds,
 * thread CPU time): direct buffers 42 GB/s, heap buffers through {@code fromByteBuffer} 53 GB/s,
 * heap arrays through {@code fromArray} 64-75 GB/s.
 *
 * <p>The loops mirror {@link VectorParityKernels} and {@link VectorRecovery} line for line (same
 * unrolling, the same masking of zero and lost slots); read those for the reasoning. Because
 * {@code fromArray} checks against the array, not the buffer's limit, each call first checks every
 * range against its buffer's limit, so a sliced buffer can never be read or written past its end.
 */
final class VectorArrayKernels {
    private static final int STEP_BYTES = VectorParityKernels.UNROLL * VECTOR_BYTES;

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
    private static int base(ByteBuffer buffer, int offset, int lengthBytes) {
        Objects.checkFromIndexSize(offset, lengthBytes, buffer.limit());
        return buffer.arrayOffset() + offset;
    }

    private static void checkAll(ByteBuffer[] blocks, int[] offsets, int count, int skipA, int skipB, int lengthBytes) {
        for (int i = 0; i < count; i++) {
            if (blocks[i] != null && i != skipA && i != skipB) {
                Objects.checkFromIndexSize(offsets[i], lengthBytes, blocks[i].limit());
            }
        }
    }

    static void xor(ByteBuffer[] src, int[] srcOffset, int count, ByteBuffer dst, int dstOffset, int lengthBytes) {
        checkAll(src, srcOffset, count, -1, -1, lengthBytes);
        byte[] out = dst.array();
        int outBase = base(dst, dstOffset, lengthBytes);
        boolean even = (count & 1) == 0;
        int firstPair = even ? 2 : 1;
        int pos = 0;
        for (; pos + STEP_BYTES <= lengthBytes; pos += STEP_BYTES) {
            // Two sources per step, as in VectorParityKernels.xor (and for the same reasons).
            byte[] s = src[0].array();
            int at = src[0].arrayOffset() + srcOffset[0] + pos;
            byte[] t = s;
            int bt = at;
            byte keep = 0;
            if (even) {
                t = src[1].array();
                bt = src[1].arrayOffset() + srcOffset[1] + pos;
                keep = -1;
            }
            ByteVector a0 = ByteVector.fromArray(SPECIES, s, at)
                    .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, bt).and(keep));
            ByteVector a1 = ByteVector.fromArray(SPECIES, s, at + VECTOR_BYTES)
                    .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, bt + VECTOR_BYTES).and(keep));
            ByteVector a2 = ByteVector.fromArray(SPECIES, s, at + 2 * VECTOR_BYTES)
                    .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, bt + 2 * VECTOR_BYTES).and(keep));
            ByteVector a3 = ByteVector.fromArray(SPECIES, s, at + 3 * VECTOR_BYTES)
                    .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, bt + 3 * VECTOR_BYTES).and(keep));
            for (int i = firstPair; i + 1 < count; i += 2) {
                s = src[i].array();
                at = src[i].arrayOffset() + srcOffset[i] + pos;
                t = src[i + 1].array();
                bt = src[i + 1].arrayOffset() + srcOffset[i + 1] + pos;
                a0 = a0.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, s, at)
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, bt)));
                a1 = a1.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, s, at + VECTOR_BYTES)
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, bt + VECTOR_BYTES)));
                a2 = a2.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, s, at + 2 * VECTOR_BYTES)
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, bt + 2 * VECTOR_BYTES)));
                a3 = a3.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, s, at + 3 * VECTOR_BYTES)
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, bt + 3 * VECTOR_BYTES)));
            }
            int o = outBase + pos;
            a0.intoArray(out, o);
            a1.intoArray(out, o + VECTOR_BYTES);
            a2.intoArray(out, o + 2 * VECTOR_BYTES);
            a3.intoArray(out, o + 3 * VECTOR_BYTES);
        }
        for (; pos + VECTOR_BYTES <= lengthBytes; pos += VECTOR_BYTES) {
            ByteVector acc = ByteVector.fromArray(SPECIES, src[0].array(), src[0].arrayOffset() + srcOffset[0] + pos);
            for (int i = 1; i < count; i++) {
                acc = acc.lanewise(VectorOperators.XOR,
                        ByteVector.fromArray(SPECIES, src[i].array(), src[i].arrayOffset() + srcOffset[i] + pos));
            }
            acc.intoArray(out, outBase + pos);
        }
        VectorTails.xor(src, srcOffset, count, dst, dstOffset, pos, lengthBytes);
    }

    static void pq(ByteBuffer[] data, int[] dataOffset, int slots, ByteBuffer p, int pOffset, ByteBuffer q,
                   int qOffset, int lengthBytes) {
        checkAll(data, dataOffset, slots, -1, -1, lengthBytes);
        byte[] pArray = p != null ? p.array() : null;
        byte[] qArray = q != null ? q.array() : null;
        int pBase = p != null ? base(p, pOffset, lengthBytes) : 0;
        int qBase = q != null ? base(q, qOffset, lengthBytes) : 0;
        byte[] stand = p != null ? pArray : qArray;
        int standBase = p != null ? pBase : qBase;
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
                byte[] s = stand;
                int at = standBase + pos;
                byte keep = 0;
                if (d != null) {
                    s = d.array();
                    at = d.arrayOffset() + dataOffset[i] + pos;
                    keep = -1;
                }
                ByteVector v0 = ByteVector.fromArray(SPECIES, s, at).and(keep);
                ByteVector v1 = ByteVector.fromArray(SPECIES, s, at + VECTOR_BYTES).and(keep);
                ByteVector v2 = ByteVector.fromArray(SPECIES, s, at + 2 * VECTOR_BYTES).and(keep);
                ByteVector v3 = ByteVector.fromArray(SPECIES, s, at + 3 * VECTOR_BYTES).and(keep);
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
            ByteVector pAcc = zero;
            ByteVector qAcc = zero;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = qAcc.add(qAcc).lanewise(VectorOperators.XOR, qAcc.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                ByteBuffer d = data[i];
                byte[] s = stand;
                int at = standBase + pos;
                byte keep = 0;
                if (d != null) {
                    s = d.array();
                    at = d.arrayOffset() + dataOffset[i] + pos;
                    keep = -1;
                }
                ByteVector v = ByteVector.fromArray(SPECIES, s, at).and(keep);
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
        VectorTails.pq(data, dataOffset, slots, p, pOffset, q, qOffset, pos, lengthBytes);
    }

    static void recoverTwoData(ByteBuffer[] data, int[] dataOffset, int slots, int x, int y,
                               ByteBuffer p, int pOffset, ByteBuffer q, int qOffset, int lengthBytes) {
        checkAll(data, dataOffset, slots, -1, -1, lengthBytes);
        int pxyTable = RecoveryCoefficients.pxyCoefficient(x, y) * VECTOR_BYTES;
        int qxyTable = RecoveryCoefficients.qxyCoefficient(x, y) * VECTOR_BYTES;
        byte[] pArray = p.array();
        byte[] qArray = q.array();
        int pBase = base(p, pOffset, lengthBytes);
        int qBase = base(q, qOffset, lengthBytes);
        byte[] xArray = data[x].array();
        byte[] yArray = data[y].array();
        int xBase = data[x].arrayOffset() + dataOffset[x];
        int yBase = data[y].arrayOffset() + dataOffset[y];
        ByteVector zero = ByteVector.zero(SPECIES);
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector pAcc = zero;
            ByteVector qAcc = zero;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = qAcc.add(qAcc).lanewise(VectorOperators.XOR, qAcc.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                ByteBuffer d = data[i];
                byte[] s = pArray;
                int at = pBase + pos;
                byte keep = 0;
                if (d != null && i != x && i != y) {
                    s = d.array();
                    at = d.arrayOffset() + dataOffset[i] + pos;
                    keep = -1;
                }
                ByteVector v = ByteVector.fromArray(SPECIES, s, at).and(keep);
                pAcc = pAcc.lanewise(VectorOperators.XOR, v);
                qAcc = qAcc.lanewise(VectorOperators.XOR, v);
            }
            ByteVector pxy = ByteVector.fromArray(SPECIES, pArray, pBase + pos).lanewise(VectorOperators.XOR, pAcc);
            ByteVector qxy = ByteVector.fromArray(SPECIES, qArray, qBase + pos).lanewise(VectorOperators.XOR, qAcc);
            ByteVector pxyHighNibbles = pxy.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4)
                    .reinterpretAsBytes().and(NIBBLE_MASK);
            ByteVector qxyHighNibbles = qxy.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4)
                    .reinterpretAsBytes().and(NIBBLE_MASK);
            ByteVector pxyLow = ByteVector.fromArray(SPECIES, LOW_TABLES, pxyTable);
            ByteVector pxyHigh = ByteVector.fromArray(SPECIES, HIGH_TABLES, pxyTable);
            ByteVector qxyLow = ByteVector.fromArray(SPECIES, LOW_TABLES, qxyTable);
            ByteVector qxyHigh = ByteVector.fromArray(SPECIES, HIGH_TABLES, qxyTable);
            ByteVector yValue = pxy.and(NIBBLE_MASK).selectFrom(pxyLow)
                    .lanewise(VectorOperators.XOR, pxyHighNibbles.selectFrom(pxyHigh))
                    .lanewise(VectorOperators.XOR, qxy.and(NIBBLE_MASK).selectFrom(qxyLow))
                    .lanewise(VectorOperators.XOR, qxyHighNibbles.selectFrom(qxyHigh));
            yValue.intoArray(yArray, yBase + pos);
            yValue.lanewise(VectorOperators.XOR, pxy).intoArray(xArray, xBase + pos);
        }
        VectorTails.recoverTwoData(data, dataOffset, slots, x, y, p, pOffset, q, qOffset,
                end, lengthBytes);
    }

    static void recoverDataFromQ(ByteBuffer[] data, int[] dataOffset, int slots, int x,
                                 ByteBuffer q, int qOffset, int lengthBytes) {
        checkAll(data, dataOffset, slots, -1, -1, lengthBytes);
        int table = RecoveryCoefficients.fromQCoefficient(x) * VECTOR_BYTES;
        byte[] qArray = q.array();
        int qBase = base(q, qOffset, lengthBytes);
        byte[] xArray = data[x].array();
        int xBase = data[x].arrayOffset() + dataOffset[x];
        ByteVector zero = ByteVector.zero(SPECIES);
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector qAcc = zero;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = qAcc.add(qAcc).lanewise(VectorOperators.XOR, qAcc.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                ByteBuffer d = data[i];
                byte[] s = qArray;
                int at = qBase + pos;
                byte keep = 0;
                if (d != null && i != x) {
                    s = d.array();
                    at = d.arrayOffset() + dataOffset[i] + pos;
                    keep = -1;
                }
                qAcc = qAcc.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, s, at).and(keep));
            }
            ByteVector qx = ByteVector.fromArray(SPECIES, qArray, qBase + pos).lanewise(VectorOperators.XOR, qAcc);
            ByteVector highNibbles = qx.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4)
                    .reinterpretAsBytes().and(NIBBLE_MASK);
            ByteVector low = ByteVector.fromArray(SPECIES, LOW_TABLES, table);
            ByteVector high = ByteVector.fromArray(SPECIES, HIGH_TABLES, table);
            qx.and(NIBBLE_MASK).selectFrom(low).lanewise(VectorOperators.XOR, highNibbles.selectFrom(high))
                    .intoArray(xArray, xBase + pos);
        }
        VectorTails.recoverDataFromQ(data, dataOffset, slots, x, q, qOffset, end, lengthBytes);
    }
}
