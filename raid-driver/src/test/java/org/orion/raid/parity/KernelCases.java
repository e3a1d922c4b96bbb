package org.orion.raid.parity;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the golden tests run over: the kernels, the geometries and the awkward lengths. */
final class KernelCases {
    /** Change with -Dorion.test.seed=N to explore; every failure message names the case seed. */
    static final long BASE_SEED = Long.getLong("orion.test.seed", 0x5EED_2024L);

    /** Data slots 1..32 (2..34 RAID6 members); the ones near vector and unroll boundaries. */
    static final int[] SLOTS = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 31, 32};

    /** Zero, tiny, around 8/32/64-byte multiples (the scalar word and vector widths), and larger. */
    static final int[] LENGTHS = {0, 1, 7, 8, 9, 31, 32, 33, 63, 64, 65, 127, 129, 200, 1000, 4096, 4099};

    private KernelCases() {
    }

    static Stream<ParityKernels> kernels() {
        List<ParityKernels> all = new ArrayList<>();
        all.add(ParityManager.scalar());
        ParityManager.vector().ifPresent(all::add);
        return all.stream();
    }

    static long seed(Object... parts) {
        long seed = BASE_SEED;
        for (Object part : parts) {
            seed = seed * 1_000_003L + part.hashCode();
        }
        return seed;
    }

    static ByteBuffer[] buffers(TestBlock[] blocks) {
        ByteBuffer[] out = new ByteBuffer[blocks.length];
        for (int i = 0; i < blocks.length; i++) {
            out[i] = blocks[i] == null ? null : blocks[i].buffer;
        }
        return out;
    }

    static int[] offsets(TestBlock[] blocks) {
        int[] out = new int[blocks.length];
        for (int i = 0; i < blocks.length; i++) {
            // A null block's offset must be ignored: give it a wild value to prove it is.
            out[i] = blocks[i] == null ? Integer.MIN_VALUE : blocks[i].offset;
        }
        return out;
    }

    static byte[][] contents(TestBlock[] blocks) {
        byte[][] out = new byte[blocks.length][];
        for (int i = 0; i < blocks.length; i++) {
            out[i] = blocks[i] == null ? null : blocks[i].content();
        }
        return out;
    }
}
