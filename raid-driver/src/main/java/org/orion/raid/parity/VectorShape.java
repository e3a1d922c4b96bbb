package org.orion.raid.parity;

import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one vector width this JVM's kernels use, and the constants every vector kernel shares.
 *
 * <p>The species is a {@code static final} constant because C2 only turns Vector API calls into
 * machine instructions when the shape is a compile-time constant; an instance field would leave
 * every operation boxed and hundreds of times slower. So one JVM runs one width, chosen at class
 * initialisation: the CPU's preferred width (512 bits with AVX-512, 256 with AVX2), capped by
 * {@code -Dorion.parity.vectorBits=256} (or 128). On the AVX-512 development machine (AMD EPYC,
 * Zen 4) 512 bits beat 256 by 1.6x on XOR, 1.2x on P+Q and 1.6x on recovery (8+2, 64 KiB,
 * JMH), mostly because each load carries a fixed cost (see {@link VectorArrayKernels}) and 512
 * bits halves the number of loads. The tests run at the JVM's width; 256 and 128 were checked by
 * hand with {@code -DargLine="--add-modules jdk.incubator.vector -Dorion.parity.vectorBits=256"}.
 *
 * <p>No helper method here takes or returns a vector, on purpose: every vector operation, loads
 * included, is written out inside the kernel loops. A helper that C2 has already compiled on its
 * own is not inlined into a caller compiled later once its code is large ({@code InlineSmallCode};
 * a {@code fromByteBuffer} wrapper is), and a vector crossing a call that is not inlined is boxed
 * on the heap. Whether that happens depends on which method got hot first, so it showed up only
 * in some runs: a one-line {@code load(buffer, index)} wrapper made {@code xorInto} allocate
 * 15 KB per call after the golden tests had run. The JDK's own Vector API methods are
 * force-inlined and safe.
 */
final class VectorShape {
    static final VectorSpecies<Byte> SPECIES = chooseSpecies();
    static final int VECTOR_BYTES = SPECIES.vectorByteSize();
    /** Byte vectors never swap, but the API asks for an order: the native one costs nothing. */
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    static final byte NIBBLE_MASK = 0x0f;
    /**
     * Multiply-by-2 of every byte, {@code v + v ⊕ (0x1d where the top bit was set)}, is written in
     * the kernels as {@code v.add(v) ^ ((v as shorts & 0x8080) >>> 7) * 0x1d}: in each 16-bit lane
     * the two carry bits become 0x01 bytes and the multiply turns each into 0x1d without crossing
     * into the other byte (0x1d < 0x100). On JDK 17 this beat the obvious
     * {@code v.add(v).lanewise(XOR, POLY, v.compare(LT, 0))} by 16-26 % on an 8-slot Q (thread
     * CPU time, best of 40 rounds), because C2 17 turns the mask into a vector and back (two extra
     * instructions per use).
     */
    static final short CARRY_BITS = (short) 0x8080;
    /** See {@link #CARRY_BITS}. */
    static final short POLY_PAIR = (short) GaloisField.POLY_LOW;
    /**
     * {@code c·n} for nibbles n = 0..15, replicated to the vector length, at {@code c * VECTOR_BYTES}:
     * load with {@code fromArray} and index with {@code selectFrom}.
     */
    static final byte[] LOW_TABLES = replicatedTables(true);
    /** {@code c·(n << 4)} for nibbles n, laid out like {@link #LOW_TABLES}. */
    static final byte[] HIGH_TABLES = replicatedTables(false);

    private VectorShape() {
    }

    static VectorSpecies<Byte> chooseSpecies() {
        int wanted = Integer.getInteger("orion.parity.vectorBits", 512);
        int bits = Math.min(wanted, ByteVector.SPECIES_PREFERRED.vectorBitSize());
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
}
