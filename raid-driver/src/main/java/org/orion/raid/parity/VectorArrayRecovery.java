package org.orion.raid.parity;

import static org.orion.raid.parity.VectorShape.CARRY_BITS;
import static org.orion.raid.parity.VectorShape.HIGH_TABLES;
import static org.orion.raid.parity.VectorShape.LOW_TABLES;
import static org.orion.raid.parity.VectorShape.NIBBLE_MASK;
import static org.orion.raid.parity.VectorShape.POLY_PAIR;
import static org.orion.raid.parity.VectorShape.SPECIES;
import static org.orion.raid.parity.VectorShape.VECTOR_BYTES;

import java.nio.ByteBuffer;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;

/**
 * RAID6 reconstruction for calls whose buffers are all heap buffers: the loops of
 * {@link VectorRecovery} (read it for the reasoning) loading with {@code fromArray} through
 * {@link HeapBlocks}, where the lost and zero slots read the zero array instead of being masked.
 */
final class VectorArrayRecovery {
    private VectorArrayRecovery() {
    }

    static void recoverTwoData(ByteBuffer[] data, int[] dataOffset, int slots, int x, int y,
                               ByteBuffer p, int pOffset, ByteBuffer q, int qOffset, int lengthBytes) {
        HeapBlocks blocks = HeapBlocks.forCurrentThread().read(data, dataOffset, slots, x, y, lengthBytes);
        byte[][] arrays = blocks.arrays;
        int[] bases = blocks.bases;
        int pxyTable = RecoveryCoefficients.pxyCoefficient(x, y) * VECTOR_BYTES;
        int qxyTable = RecoveryCoefficients.qxyCoefficient(x, y) * VECTOR_BYTES;
        byte[] pArray = p.array();
        byte[] qArray = q.array();
        int pBase = VectorArrayKernels.base(p, pOffset, lengthBytes);
        int qBase = VectorArrayKernels.base(q, qOffset, lengthBytes);
        byte[] xArray = data[x].array();
        byte[] yArray = data[y].array();
        int xBase = VectorArrayKernels.base(data[x], dataOffset[x], lengthBytes);
        int yBase = VectorArrayKernels.base(data[y], dataOffset[y], lengthBytes);
        ByteVector zero = ByteVector.zero(SPECIES);
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector pAcc = zero;
            ByteVector qAcc = zero;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = qAcc.add(qAcc).lanewise(VectorOperators.XOR, qAcc.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                ByteVector v = ByteVector.fromArray(SPECIES, arrays[i], bases[i] + pos);
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
        blocks.release();
        VectorTails.recoverTwoData(data, dataOffset, slots, x, y, p, pOffset, q, qOffset,
                end, lengthBytes);
    }

    static void recoverDataFromQ(ByteBuffer[] data, int[] dataOffset, int slots, int x,
                                 ByteBuffer q, int qOffset, int lengthBytes) {
        HeapBlocks blocks = HeapBlocks.forCurrentThread().read(data, dataOffset, slots, x, -1, lengthBytes);
        byte[][] arrays = blocks.arrays;
        int[] bases = blocks.bases;
        int table = RecoveryCoefficients.fromQCoefficient(x) * VECTOR_BYTES;
        byte[] qArray = q.array();
        int qBase = VectorArrayKernels.base(q, qOffset, lengthBytes);
        byte[] xArray = data[x].array();
        int xBase = VectorArrayKernels.base(data[x], dataOffset[x], lengthBytes);
        ByteVector zero = ByteVector.zero(SPECIES);
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector qAcc = zero;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = qAcc.add(qAcc).lanewise(VectorOperators.XOR, qAcc.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                qAcc = qAcc.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, arrays[i], bases[i] + pos));
            }
            ByteVector qx = ByteVector.fromArray(SPECIES, qArray, qBase + pos).lanewise(VectorOperators.XOR, qAcc);
            ByteVector highNibbles = qx.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4)
                    .reinterpretAsBytes().and(NIBBLE_MASK);
            ByteVector low = ByteVector.fromArray(SPECIES, LOW_TABLES, table);
            ByteVector high = ByteVector.fromArray(SPECIES, HIGH_TABLES, table);
            qx.and(NIBBLE_MASK).selectFrom(low).lanewise(VectorOperators.XOR, highNibbles.selectFrom(high))
                    .intoArray(xArray, xBase + pos);
        }
        blocks.release();
        VectorTails.recoverDataFromQ(data, dataOffset, slots, x, q, qOffset, end, lengthBytes);
    }
}

