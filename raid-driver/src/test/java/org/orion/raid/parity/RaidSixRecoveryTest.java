package org.orion.raid.parity;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RAID6 reconstruction for every pair of lost members (two data, data+P, data+Q, P+Q) over
 * several geometries, done the way the data path will do it with the kernels, and compared with
 * the original stripe. Lost blocks start out full of garbage so a kernel that reads them fails.
 */
class RaidSixRecoveryTest {
    /** Data slots per stripe; 32 means a 34-member array. */
    private static final int[] DATA_SLOTS = {2, 3, 4, 6, 9, 16, 32};
    private static final int[] LENGTHS = {1, 33, 100, 1029};

    static Stream<ParityKernels> kernels() {
        return KernelCases.kernels();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void shouldRebuildEveryPairOfLostMembers(ParityKernels kernels) {
        for (int slots : DATA_SLOTS) {
            for (int lengthBytes : LENGTHS) {
                int members = slots + 2;
                for (int a = 0; a < members; a++) {
                    for (int b = a + 1; b < members; b++) {
                        long seed = KernelCases.seed("raid6", slots, lengthBytes, a, b);
                        rebuildAndCheck(kernels, slots, lengthBytes, a, b, false, seed);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void shouldRebuildAroundZeroSlotsAsDdfLayoutsHaveThem(ParityKernels kernels) {
        // DDF: a stripe of n devices is an n-slot syndrome where the P and Q positions are zero.
        for (int slots : new int[] {4, 7, 12}) {
            int members = slots + 2;
            for (int a = 0; a < members; a++) {
                for (int b = a + 1; b < members; b++) {
                    long seed = KernelCases.seed("ddf", slots, a, b);
                    rebuildAndCheck(kernels, slots, 517, a, b, true, seed);
                }
            }
        }
    }

    /**
     * Members 0..slots-1 are data, {@code slots} is P, {@code slots + 1} is Q; {@code lostA < lostB}.
     * With {@code zeroSlots}, two random data slots that are not lost are null (all zero).
     */
    private static void rebuildAndCheck(ParityKernels kernels, int slots, int lengthBytes, int lostA, int lostB,
                                        boolean zeroSlots, long seed) {
        Random random = new Random(seed);
        // Every case draws its buffers from one policy, so the all-heap and all-direct paths of
        // the vector kernels are both exercised across the cases.
        TestBlock.Kinds kinds = TestBlock.Kinds.values()[Math.floorMod(seed, 3)];
        TestBlock[] data = new TestBlock[slots];
        for (int i = 0; i < slots; i++) {
            data[i] = TestBlock.random(random, lengthBytes, kinds);
        }
        if (zeroSlots) {
            for (int z = 0; z < 2; z++) {
                int i = random.nextInt(slots);
                if (i != lostA && i != lostB) {
                    data[i] = null;
                }
            }
        }
        byte[][] original = KernelCases.contents(data);
        byte[] originalP = ReferenceParity.p(original, lengthBytes);
        byte[] originalQ = ReferenceParity.q(original, lengthBytes);
        TestBlock p = TestBlock.random(random, lengthBytes, kinds, originalP);
        TestBlock q = TestBlock.random(random, lengthBytes, kinds, originalQ);
        int pIndex = slots;
        int qIndex = slots + 1;
        String message = kernels.name() + " " + kinds + " slots=" + slots + " length=" + lengthBytes + " lost=" + lostA + ","
                + lostB + " seed=" + seed;
        // Lose the members: their blocks now hold garbage.
        for (int lost : new int[] {lostA, lostB}) {
            if (lost < slots) {
                data[lost] = TestBlock.random(random, lengthBytes, kinds);
            } else if (lost == pIndex) {
                p = TestBlock.random(random, lengthBytes, kinds);
            } else {
                q = TestBlock.random(random, lengthBytes, kinds);
            }
        }
        ByteBuffer[] buffers = KernelCases.buffers(data);
        int[] offsets = KernelCases.offsets(data);

        if (lostB < slots) {
            kernels.recoverTwoData(buffers, offsets, slots, lostA, lostB, p.buffer, p.offset, q.buffer, q.offset,
                    lengthBytes);
        } else if (lostA < slots && lostB == pIndex) {
            kernels.recoverDataFromQ(buffers, offsets, slots, lostA, q.buffer, q.offset, lengthBytes);
            kernels.pq(buffers, offsets, slots, p.buffer, p.offset, null, 0, lengthBytes);
        } else if (lostA < slots) {
            rebuildFromP(kernels, buffers, offsets, slots, lostA, p, lengthBytes);
            kernels.pq(buffers, offsets, slots, null, 0, q.buffer, q.offset, lengthBytes);
        } else {
            kernels.pq(buffers, offsets, slots, p.buffer, p.offset, q.buffer, q.offset, lengthBytes);
        }

        for (int i = 0; i < slots; i++) {
            if (data[i] != null) {
                data[i].assertHolds(original[i], message + " data slot " + i);
            }
        }
        p.assertHolds(originalP, message + " P");
        q.assertHolds(originalQ, message + " Q");
    }

    /** RAID5-style: the lost block is the XOR of P and every surviving non-zero data block. */
    private static void rebuildFromP(ParityKernels kernels, ByteBuffer[] buffers, int[] offsets, int slots, int lost,
                                     TestBlock p, int lengthBytes) {
        ByteBuffer[] sources = new ByteBuffer[slots];
        int[] sourceOffsets = new int[slots];
        int count = 0;
        sources[count] = p.buffer;
        sourceOffsets[count++] = p.offset;
        for (int i = 0; i < slots; i++) {
            if (i != lost && buffers[i] != null) {
                sources[count] = buffers[i];
                sourceOffsets[count++] = offsets[i];
            }
        }
        kernels.xor(sources, sourceOffsets, count, buffers[lost], offsets[lost], lengthBytes);
    }
}
