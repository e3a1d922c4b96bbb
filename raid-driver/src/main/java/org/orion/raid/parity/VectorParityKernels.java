package org.orion.raid.parity;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on {@code jdk.incubator.vector}: one {@link ByteVector} of 32 or 64 bytes per step,
 * then the scalar kernels finish the tail shorter than a vector.
 *
 * <p>Why it is shaped like this:
 * <ul>
 *   <li>The species is a {@code static final} constant: C2 only turns Vector API calls into
 *       machine instructions when the vector shape is a compile-time constant. An instance field
 *       would leave every call boxed and hundreds of times slower. So one JVM runs one width,
 *       chosen at class initialisation (property {@code orion.parity.vectorBits}, see
 *       {@link #chooseSpecies}).</li>
 *   <li>Multi-source loops keep the accumulators in registers across the sources (one load per
 *       source per vector, one store per output), like the ISA-L and Linux kernels do.</li>
 *   <li>Q uses Horner's rule, {@code q = 2·q ⊕ D_i} from the highest slot down, so the only field
 *       operation in the syndrome is multiply-by-2: {@code q + q} (a byte add is a shift left by
 *       one that drops the carry) then XOR {@code 0x1d} into the lanes whose top bit was set.</li>
 *   <li>Multiplying by an arbitrary constant {@code c} (recovery, delta updates) splits each
 *       byte into nibbles and looks both up in 16-entry tables with a lane shuffle
 *       ({@code selectFrom}): {@code c·v = lo_c[v & 15] ⊕ hi_c[v >>> 4]}. The tables are
 *       replicated to the vector length once, so a call only loads them.</li>
 * </ul>
 */
final class VectorParityKernels implements ParityKernels {
    static final VectorSpecies<Byte> SPECIES = chooseSpecies();
    private static final int VECTOR_BYTES = SPECIES.vectorByteSize();
    /** Byte vectors never swap, but the API asks for an order: the native one costs nothing. */
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final byte NIBBLE_MASK = 0x0f;
    private static final byte POLY = (byte) GaloisField.POLY_LOW;
    /** lo_c tables, each replicated to the vector length, at {@code c * VECTOR_BYTES}. */
    private static final byte[] LOW_TABLES = replicatedTables(true);
    private static final byte[] HIGH_TABLES = replicatedTables(false);

    private final String name = "vector-" + SPECIES.vectorBitSize();

    @Override
    public String name() {
        return name;
    }

    /**
     * 256-bit unless {@code -Dorion.parity.vectorBits=512} (or 128) asks otherwise and the CPU
     * has it: 256 bits is what every AVX2 machine runs at full speed; see docs/benchmarks.md for
     * the 512-bit measurements.
     */
    static VectorSpecies<Byte> chooseSpecies() {
        int wanted = Integer.getInteger("orion.parity.vectorBits", 256);
        int preferred = ByteVector.SPECIES_PREFERRED.vectorBitSize();
        int bits = Math.min(wanted, preferred);
        if (bits >= 512) {
            return ByteVector.SPECIES_512;
        }
        if (bits >= 256) {
            return ByteVector.SPECIES_256;
        }
        return ByteVector.SPECIES_128;
    }

    private static byte[] replicatedTables(boolean low) {
        byte[] tables = new byte[256 * VECTOR_BYTES];
        for (int c = 0; c < 256; c++) {
            byte[] table = low ? GaloisField.lowNibbleTable(c) : GaloisField.highNibbleTable(c);
            for (int lane = 0; lane < VECTOR_BYTES; lane++) {
                tables[c * VECTOR_BYTES + lane] = table[lane & 15];
            }
        }
        return tables;
    }

    private static ByteVector load(ByteBuffer buffer, int index) {
        return ByteVector.fromByteBuffer(SPECIES, buffer, index, ORDER);
    }

    private static ByteVector lowTable(int coefficient) {
        return ByteVector.fromArray(SPECIES, LOW_TABLES, (coefficient & 0xff) * VECTOR_BYTES);
    }

    private static ByteVector highTable(int coefficient) {
        return ByteVector.fromArray(SPECIES, HIGH_TABLES, (coefficient & 0xff) * VECTOR_BYTES);
    }

    /** 2·v in every lane. */
    static ByteVector mulBy2(ByteVector v) {
        VectorMask<Byte> carries = v.compare(VectorOperators.LT, (byte) 0);
        return v.add(v).lanewise(VectorOperators.XOR, POLY, carries);
    }

    /** c·v in every lane, given c's nibble tables. */
    static ByteVector mulByConstant(ByteVector v, ByteVector lowTable, ByteVector highTable) {
        ByteVector lowNibbles = v.and(NIBBLE_MASK);
        // Shifting 16-bit lanes is one instruction; the AND removes the bits pulled in from the
        // neighbouring byte. A byte-lane shift would be emulated with several instructions.
        ByteVector highNibbles = v.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4)
                .reinterpretAsBytes().and(NIBBLE_MASK);
        return lowNibbles.selectFrom(lowTable).lanewise(VectorOperators.XOR, highNibbles.selectFrom(highTable));
    }

    @Override
    public void xor(ByteBuffer[] src, int[] srcOffset, int count, ByteBuffer dst, int dstOffset, int lengthBytes) {
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector acc = load(src[0], srcOffset[0] + pos);
            for (int i = 1; i < count; i++) {
                acc = acc.lanewise(VectorOperators.XOR, load(src[i], srcOffset[i] + pos));
            }
            acc.intoByteBuffer(dst, dstOffset + pos, ORDER);
        }
        ScalarParityKernels.xorRange(src, srcOffset, count, dst, dstOffset, end, lengthBytes);
    }

    @Override
    public void pq(ByteBuffer[] data, int[] dataOffset, int slots, ByteBuffer p, int pOffset, ByteBuffer q,
                   int qOffset, int lengthBytes) {
        int end = SPECIES.loopBound(lengthBytes);
        ByteVector zero = ByteVector.zero(SPECIES);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector pAcc = zero;
            ByteVector qAcc = zero;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = mulBy2(qAcc);
                ByteBuffer d = data[i];
                if (d != null) {
                    ByteVector v = load(d, dataOffset[i] + pos);
                    pAcc = pAcc.lanewise(VectorOperators.XOR, v);
                    qAcc = qAcc.lanewise(VectorOperators.XOR, v);
                }
            }
            if (p != null) {
                pAcc.intoByteBuffer(p, pOffset + pos, ORDER);
            }
            if (q != null) {
                qAcc.intoByteBuffer(q, qOffset + pos, ORDER);
            }
        }
        ScalarParityKernels.pqRange(data, dataOffset, slots, p, pOffset, q, qOffset, end, lengthBytes);
    }

    @Override
    public void xorInto(ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset, int lengthBytes) {
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            load(dst, dstOffset + pos).lanewise(VectorOperators.XOR, load(src, srcOffset + pos))
                    .intoByteBuffer(dst, dstOffset + pos, ORDER);
        }
        ScalarParityKernels.xorIntoRange(src, srcOffset, dst, dstOffset, end, lengthBytes);
    }

    @Override
    public void mulXorInto(int coefficient, ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset,
                           int lengthBytes) {
        ByteVector low = lowTable(coefficient);
        ByteVector high = highTable(coefficient);
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector product = mulByConstant(load(src, srcOffset + pos), low, high);
            load(dst, dstOffset + pos).lanewise(VectorOperators.XOR, product)
                    .intoByteBuffer(dst, dstOffset + pos, ORDER);
        }
        ScalarParityKernels.mulXorIntoRange(coefficient, src, srcOffset, dst, dstOffset, end, lengthBytes);
    }

    @Override
    public void recoverTwoData(ByteBuffer[] data, int[] dataOffset, int slots, int x, int y,
                               ByteBuffer p, int pOffset, ByteBuffer q, int qOffset, int lengthBytes) {
        RecoveryCoefficients.checkTwoData(slots, x, y);
        int pxyCoefficient = RecoveryCoefficients.pxyCoefficient(x, y);
        int qxyCoefficient = RecoveryCoefficients.qxyCoefficient(x, y);
        ByteVector pxyLow = lowTable(pxyCoefficient);
        ByteVector pxyHigh = highTable(pxyCoefficient);
        ByteVector qxyLow = lowTable(qxyCoefficient);
        ByteVector qxyHigh = highTable(qxyCoefficient);
        ByteVector zero = ByteVector.zero(SPECIES);
        ByteBuffer dx = data[x];
        ByteBuffer dy = data[y];
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            // P' and Q' with the lost slots as zeroes, accumulated in registers: no scratch block.
            ByteVector pAcc = zero;
            ByteVector qAcc = zero;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = mulBy2(qAcc);
                ByteBuffer d = data[i];
                if (d != null && i != x && i != y) {
                    ByteVector v = load(d, dataOffset[i] + pos);
                    pAcc = pAcc.lanewise(VectorOperators.XOR, v);
                    qAcc = qAcc.lanewise(VectorOperators.XOR, v);
                }
            }
            ByteVector pxy = load(p, pOffset + pos).lanewise(VectorOperators.XOR, pAcc);
            ByteVector qxy = load(q, qOffset + pos).lanewise(VectorOperators.XOR, qAcc);
            ByteVector yValue = mulByConstant(pxy, pxyLow, pxyHigh)
                    .lanewise(VectorOperators.XOR, mulByConstant(qxy, qxyLow, qxyHigh));
            yValue.intoByteBuffer(dy, dataOffset[y] + pos, ORDER);
            yValue.lanewise(VectorOperators.XOR, pxy).intoByteBuffer(dx, dataOffset[x] + pos, ORDER);
        }
        ScalarParityKernels.recoverTwoDataRange(data, dataOffset, slots, x, y, p, pOffset, q, qOffset,
                end, lengthBytes);
    }

    @Override
    public void recoverDataFromQ(ByteBuffer[] data, int[] dataOffset, int slots, int x,
                                 ByteBuffer q, int qOffset, int lengthBytes) {
        RecoveryCoefficients.checkOneData(slots, x);
        int coefficient = RecoveryCoefficients.fromQCoefficient(x);
        ByteVector low = lowTable(coefficient);
        ByteVector high = highTable(coefficient);
        ByteVector zero = ByteVector.zero(SPECIES);
        ByteBuffer dx = data[x];
        int end = SPECIES.loopBound(lengthBytes);
        for (int pos = 0; pos < end; pos += VECTOR_BYTES) {
            ByteVector qAcc = zero;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = mulBy2(qAcc);
                ByteBuffer d = data[i];
                if (d != null && i != x) {
                    qAcc = qAcc.lanewise(VectorOperators.XOR, load(d, dataOffset[i] + pos));
                }
            }
            ByteVector qx = load(q, qOffset + pos).lanewise(VectorOperators.XOR, qAcc);
            mulByConstant(qx, low, high).intoByteBuffer(dx, dataOffset[x] + pos, ORDER);
        }
        ScalarParityKernels.recoverDataFromQRange(data, dataOffset, slots, x, q, qOffset, end, lengthBytes);
    }
}
