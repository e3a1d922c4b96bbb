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
 * RAID6 reconstruction for {@link SegmentKernels}: the loops of {@link VectorArrayRecovery}
 * (and {@link VectorRecovery} for the reasoning), loading through {@link SegmentBlocks}, where the
 * lost and zero slots read the zero segment instead of being masked.
 */
final class SegmentRecovery {
    private SegmentRecovery() {
    }

    static void recoverTwoData(ByteBuffer[] data, int[] dataOffset, int slots, int x, int y,
                               ByteBuffer p, int pOffset, ByteBuffer q, int qOffset, int lengthBytes) {
        RecoveryCoefficients.checkTwoData(slots, x, y);
        Arguments.checkLength(lengthBytes);
        int end = SPECIES.loopBound(lengthBytes);
        SegmentBlocks blocks = SegmentBlocks.forCurrentThread().begin(slots + 4);
        blocks.sources(data, dataOffset, slots, x, y, lengthBytes);
        blocks.input(slots, p, pOffset, lengthBytes);
        blocks.input(slots + 1, q, qOffset, lengthBytes);
        blocks.output(slots + 2, data[x], dataOffset[x], lengthBytes, false);
        blocks.output(slots + 3, data[y], dataOffset[y], lengthBytes, false);
        long[] bases = blocks.bases;
        long pBase = bases[slots];
        long qBase = bases[slots + 1];
        long xBase = bases[slots + 2];
        long yBase = bases[slots + 3];
        int pxyTable = RecoveryCoefficients.pxyCoefficient(x, y) * VECTOR_BYTES;
        int qxyTable = RecoveryCoefficients.qxyCoefficient(x, y) * VECTOR_BYTES;
        ByteVector zero = ByteVector.zero(SPECIES);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector pAcc = zero;
            ByteVector qAcc = zero;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = qAcc.add(qAcc).lanewise(VectorOperators.XOR, qAcc.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                ByteVector v = ByteVector.fromMemorySegment(SPECIES, ALL, bases[i] + pos, ORDER);
                pAcc = pAcc.lanewise(VectorOperators.XOR, v);
                qAcc = qAcc.lanewise(VectorOperators.XOR, v);
            }
            ByteVector pxy = ByteVector.fromMemorySegment(SPECIES, ALL, pBase + pos, ORDER)
                    .lanewise(VectorOperators.XOR, pAcc);
            ByteVector qxy = ByteVector.fromMemorySegment(SPECIES, ALL, qBase + pos, ORDER)
                    .lanewise(VectorOperators.XOR, qAcc);
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
            yValue.intoMemorySegment(ALL, yBase + pos, ORDER);
            yValue.lanewise(VectorOperators.XOR, pxy).intoMemorySegment(ALL, xBase + pos, ORDER);
        }
        blocks.finish(end);
        VectorTails.recoverTwoData(data, dataOffset, slots, x, y, p, pOffset, q, qOffset, end, lengthBytes);
    }

    static void recoverDataFromQ(ByteBuffer[] data, int[] dataOffset, int slots, int x,
                                 ByteBuffer q, int qOffset, int lengthBytes) {
        RecoveryCoefficients.checkOneData(slots, x);
        Arguments.checkLength(lengthBytes);
        int end = SPECIES.loopBound(lengthBytes);
        SegmentBlocks blocks = SegmentBlocks.forCurrentThread().begin(slots + 2);
        blocks.sources(data, dataOffset, slots, x, -1, lengthBytes);
        blocks.input(slots, q, qOffset, lengthBytes);
        blocks.output(slots + 1, data[x], dataOffset[x], lengthBytes, false);
        long[] bases = blocks.bases;
        long qBase = bases[slots];
        long xBase = bases[slots + 1];
        int table = RecoveryCoefficients.fromQCoefficient(x) * VECTOR_BYTES;
        ByteVector zero = ByteVector.zero(SPECIES);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector qAcc = zero;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = qAcc.add(qAcc).lanewise(VectorOperators.XOR, qAcc.reinterpretAsShorts().and(CARRY_BITS)
                        .lanewise(VectorOperators.LSHR, 7).mul(POLY_PAIR).reinterpretAsBytes());
                qAcc = qAcc.lanewise(VectorOperators.XOR,
                        ByteVector.fromMemorySegment(SPECIES, ALL, bases[i] + pos, ORDER));
            }
            ByteVector qx = ByteVector.fromMemorySegment(SPECIES, ALL, qBase + pos, ORDER)
                    .lanewise(VectorOperators.XOR, qAcc);
            ByteVector highNibbles = qx.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4)
                    .reinterpretAsBytes().and(NIBBLE_MASK);
            ByteVector low = ByteVector.fromArray(SPECIES, LOW_TABLES, table);
            ByteVector high = ByteVector.fromArray(SPECIES, HIGH_TABLES, table);
            qx.and(NIBBLE_MASK).selectFrom(low).lanewise(VectorOperators.XOR, highNibbles.selectFrom(high))
                    .intoMemorySegment(ALL, xBase + pos, ORDER);
        }
        blocks.finish(end);
        VectorTails.recoverDataFromQ(data, dataOffset, slots, x, q, qOffset, end, lengthBytes);
    }
}
