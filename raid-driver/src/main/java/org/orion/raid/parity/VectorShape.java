package org.orion.raid.parity;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one vector width this JVM's kernels use, and the helpers every vector kernel shares.
 *
 * <p>The species is a {@code static final} constant because C2 only turns Vector API calls into
 * machine instructions when the shape is a compile-time constant; an instance field would leave
 * every operation boxed and hundreds of times slower. So one JVM runs one width, chosen at class
 * initialisation: the CPU's preferred width (512 bits with AVX-512, 256 with AVX2), capped by
 * {@code -Dorion.parity.vectorBits=256} (or 128).
 *
 * <p>Only tiny methods live here (loads, table loads). The arithmetic (multiply by 2, multiply by a
 * constant) is written out inside each kernel loop on purpose: a helper that C2 has already
 * compiled on its own is not inlined once its code is large ({@code InlineSmallCode}), and a
 * vector passed to a call that is not inlined is boxed on the heap: measured 576 bytes allocated
 * per 64-byte step and a 3x slowdown in recovery.
 */
final class VectorShape {
    static final VectorSpecies<Byte> SPECIES = chooseSpecies();
    static final int VECTOR_BYTES = SPECIES.vectorByteSize();
    /** Byte vectors never swap, but the API asks for an order: the native one costs nothing. */
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    static final byte NIBBLE_MASK = 0x0f;
    static final byte POLY = (byte) GaloisField.POLY_LOW;
    /** lo_c tables, each replicated to the vector length, at {@code c * VECTOR_BYTES}. */
    private static final byte[] LOW_TABLES = replicatedTables(true);
    private static final byte[] HIGH_TABLES = replicatedTables(false);

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

    static ByteVector load(ByteBuffer buffer, int index) {
        return ByteVector.fromByteBuffer(SPECIES, buffer, index, ORDER);
    }

    /** {@code c·n} for nibbles n in lanes 0..15 (and repeated above): index it with {@code selectFrom}. */
    static ByteVector lowTable(int coefficient) {
        return ByteVector.fromArray(SPECIES, LOW_TABLES, (coefficient & 0xff) * VECTOR_BYTES);
    }

    /** {@code c·(n << 4)} for nibbles n, laid out like {@link #lowTable}. */
    static ByteVector highTable(int coefficient) {
        return ByteVector.fromArray(SPECIES, HIGH_TABLES, (coefficient & 0xff) * VECTOR_BYTES);
    }
}
