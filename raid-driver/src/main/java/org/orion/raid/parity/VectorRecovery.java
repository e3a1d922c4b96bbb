package org.orion.raid.parity;

import static org.orion.raid.parity.VectorShape.NIBBLE_MASK;
import static org.orion.raid.parity.VectorShape.ORDER;
import static org.orion.raid.parity.VectorShape.CARRY_BITS;
import static org.orion.raid.parity.VectorShape.POLY_PAIR;
import static org.orion.raid.parity.VectorShape.SPECIES;
import static org.orion.raid.parity.VectorShape.VECTOR_BYTES;
import static org.orion.raid.parity.VectorShape.HIGH_TABLES;
import static org.orion.raid.parity.VectorShape.LOW_TABLES;

import java.nio.ByteBuffer;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The vector kernels that multiply by arbitrary GF(2^8) constants: RAID6 reconstruction and Q
 * delta updates.
 *
 * <p>{@code c·v} splits each byte into nibbles and looks both up in 16-entry tables with a lane
 * shuffle: {@code c·v = lo_c[v & 15] ⊕ hi_c[v >>> 4]} (true because multiplying by a constant is
 * linear over XOR). The high nibble comes from a 16-bit lane shift plus a mask, one instruction
 * cheaper than a byte-lane shift, which x86 lacks. Written out in each loop, never as a helper
 * call (see {@link VectorShape} for why).
 *
 * <p>The nibble tables are re-read from the (L1-resident) static arrays inside each loop rather
 * than held across the inner loop: held, JDK 17's C2 boxed them once per call. Lost and zero slots
 * are masked, not skipped, as explained in {@link VectorParityKernels}.
 *
 * <p>Reconstruction needs no scratch memory: P′ and Q′ (the syndrome with the lost slots as zero)
 * are accumulated in registers, combined with P and Q, and the lost blocks written in the same
 * pass.
 */
final class VectorRecovery {
    private VectorRecovery() {
    }

    static void mulXorInto(int coefficient, ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset,
                           int lengthBytes) {
        Arguments.checkLength(lengthBytes);
        if (src.hasArray() && dst.hasArray()) {
            VectorArrayKernels.mulXorInto(coefficient, src, srcOffset, dst, dstOffset, lengthBytes);
            return;
        }
        ByteVector low = ByteVector.fromArray(SPECIES, LOW_TABLES, coefficient * VECTOR_BYTES);
        ByteVector high = ByteVector.fromArray(SPECIES, HIGH_TABLES, coefficient * VECTOR_BYTES);
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector v = ByteVector.fromByteBuffer(SPECIES, src, srcOffset + pos, ORDER);
            ByteVector product = v.and(NIBBLE_MASK).selectFrom(low).lanewise(VectorOperators.XOR,
                    v.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                            .and(NIBBLE_MASK).selectFrom(high));
            ByteVector.fromByteBuffer(SPECIES, dst, dstOffset + pos, ORDER).lanewise(VectorOperators.XOR, product)
                    .intoByteBuffer(dst, dstOffset + pos, ORDER);
        }
        VectorTails.mulXorInto(coefficient, src, srcOffset, dst, dstOffset, end, lengthBytes);
    }

    static void recoverTwoData(ByteBuffer[] data, int[] dataOffset, int slots, int x, int y,
                               ByteBuffer p, int pOffset, ByteBuffer q, int qOffset, int lengthBytes) {
        RecoveryCoefficients.checkTwoData(slots, x, y);
        Arguments.checkLength(lengthBytes);
        if (VectorArrayKernels.allHeap(data, slots, p, q)) {
            VectorArrayRecovery.recoverTwoData(data, dataOffset, slots, x, y, p, pOffset, q, qOffset, lengthBytes);
            return;
        }
        int pxyCoefficient = RecoveryCoefficients.pxyCoefficient(x, y);
        int qxyCoefficient = RecoveryCoefficients.qxyCoefficient(x, y);
        ByteVector zero = ByteVector.zero(SPECIES);
        ByteBuffer dx = data[x];
        ByteBuffer dy = data[y];
        int xOffset = dataOffset[x];
        int yOffset = dataOffset[y];
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector pAcc = zero;
            ByteVector qAcc = zero;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = qAcc.add(qAcc).lanewise(VectorOperators.XOR, qAcc.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                ByteBuffer d = data[i];
                int at = dataOffset[i] + pos;
                byte keep = -1;
                if (d == null || i == x || i == y) { // zero or lost: read P, count zero
                    d = p;
                    at = pOffset + pos;
                    keep = 0;
                }
                ByteVector v = ByteVector.fromByteBuffer(SPECIES, d, at, ORDER).and(keep);
                pAcc = pAcc.lanewise(VectorOperators.XOR, v);
                qAcc = qAcc.lanewise(VectorOperators.XOR, v);
            }
            // D_y = exi(y-x)·Pxy ⊕ inv(g^x ⊕ g^y)·Qxy ; D_x = D_y ⊕ Pxy (md-format.md §3).
            ByteVector pxyLow = ByteVector.fromArray(SPECIES, LOW_TABLES, pxyCoefficient * VECTOR_BYTES);
            ByteVector pxyHigh = ByteVector.fromArray(SPECIES, HIGH_TABLES, pxyCoefficient * VECTOR_BYTES);
            ByteVector qxyLow = ByteVector.fromArray(SPECIES, LOW_TABLES, qxyCoefficient * VECTOR_BYTES);
            ByteVector qxyHigh = ByteVector.fromArray(SPECIES, HIGH_TABLES, qxyCoefficient * VECTOR_BYTES);
            ByteVector pxy = ByteVector.fromByteBuffer(SPECIES, p, pOffset + pos, ORDER).lanewise(VectorOperators.XOR,
                    pAcc);
            ByteVector qxy = ByteVector.fromByteBuffer(SPECIES, q, qOffset + pos, ORDER).lanewise(VectorOperators.XOR,
                    qAcc);
            ByteVector pxyHighNibbles = pxy.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4)
                    .reinterpretAsBytes().and(NIBBLE_MASK);
            ByteVector qxyHighNibbles = qxy.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4)
                    .reinterpretAsBytes().and(NIBBLE_MASK);
            ByteVector yValue = pxy.and(NIBBLE_MASK).selectFrom(pxyLow)
                    .lanewise(VectorOperators.XOR, pxyHighNibbles.selectFrom(pxyHigh))
                    .lanewise(VectorOperators.XOR, qxy.and(NIBBLE_MASK).selectFrom(qxyLow))
                    .lanewise(VectorOperators.XOR, qxyHighNibbles.selectFrom(qxyHigh));
            yValue.intoByteBuffer(dy, yOffset + pos, ORDER);
            yValue.lanewise(VectorOperators.XOR, pxy).intoByteBuffer(dx, xOffset + pos, ORDER);
        }
        VectorTails.recoverTwoData(data, dataOffset, slots, x, y, p, pOffset, q, qOffset,
                end, lengthBytes);
    }

    static void recoverDataFromQ(ByteBuffer[] data, int[] dataOffset, int slots, int x,
                                 ByteBuffer q, int qOffset, int lengthBytes) {
        RecoveryCoefficients.checkOneData(slots, x);
        Arguments.checkLength(lengthBytes);
        if (VectorArrayKernels.allHeap(data, slots, q, null)) {
            VectorArrayRecovery.recoverDataFromQ(data, dataOffset, slots, x, q, qOffset, lengthBytes);
            return;
        }
        int coefficient = RecoveryCoefficients.fromQCoefficient(x);
        ByteVector zero = ByteVector.zero(SPECIES);
        ByteBuffer dx = data[x];
        int xOffset = dataOffset[x];
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector qAcc = zero;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = qAcc.add(qAcc).lanewise(VectorOperators.XOR, qAcc.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                ByteBuffer d = data[i];
                int at = dataOffset[i] + pos;
                byte keep = -1;
                if (d == null || i == x) { // zero or lost: read Q, count zero
                    d = q;
                    at = qOffset + pos;
                    keep = 0;
                }
                qAcc = qAcc.lanewise(VectorOperators.XOR, ByteVector.fromByteBuffer(SPECIES, d, at, ORDER).and(keep));
            }
            ByteVector low = ByteVector.fromArray(SPECIES, LOW_TABLES, coefficient * VECTOR_BYTES);
            ByteVector high = ByteVector.fromArray(SPECIES, HIGH_TABLES, coefficient * VECTOR_BYTES);
            ByteVector qx = ByteVector.fromByteBuffer(SPECIES, q, qOffset + pos, ORDER).lanewise(VectorOperators.XOR,
                    qAcc);
            ByteVector highNibbles = qx.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4)
                    .reinterpretAsBytes().and(NIBBLE_MASK);
            qx.and(NIBBLE_MASK).selectFrom(low).lanewise(VectorOperators.XOR, highNibbles.selectFrom(high))
                    .intoByteBuffer(dx, xOffset + pos, ORDER);
        }
        VectorTails.recoverDataFromQ(data, dataOffset, slots, x, q, qOffset, end, lengthBytes);
    }
}
