package org.orion.raid.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kernel against {@link ReferenceParity}, over geometries, lengths, offsets and buffer kinds. */
class ParityKernelsGoldenTest {

    static java.util.stream.Stream<ParityKernels> kernels() {
        return KernelCases.kernels();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void shouldGiveMdsPublishedPAndQForTheTestVectors(ParityKernels kernels) {
        assertPq(kernels, new int[] {0x01, 0x02, 0x03, 0x04}, 0x04, 0x29);
        assertPq(kernels, new int[] {0x11, 0x22, 0x33}, 0x00, 0x99);
    }

    private static void assertPq(ParityKernels kernels, int[] column, int expectedP, int expectedQ) {
        int lengthBytes = 200; // long enough for the vector loop, with a tail
        ByteBuffer[] data = new ByteBuffer[column.length];
        for (int i = 0; i < column.length; i++) {
            byte[] block = new byte[lengthBytes];
            Arrays.fill(block, (byte) column[i]);
            data[i] = ByteBuffer.wrap(block);
        }
        ByteBuffer p = ByteBuffer.allocateDirect(lengthBytes);
        ByteBuffer q = ByteBuffer.allocate(lengthBytes);
        kernels.pq(data, new int[column.length], column.length, p, 0, q, 0, lengthBytes);
        for (int b = 0; b < lengthBytes; b++) {
            assertEquals(expectedP, p.get(b) & 0xff, kernels.name() + " P byte " + b);
            assertEquals(expectedQ, q.get(b) & 0xff, kernels.name() + " Q byte " + b);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void shouldXorAnyNumberOfSourcesOfAnyLength(ParityKernels kernels) {
        for (TestBlock.Kinds kinds : TestBlock.Kinds.values()) {
            for (int count : KernelCases.SLOTS) {
                for (int lengthBytes : KernelCases.LENGTHS) {
                    checkXor(kernels, kinds, count, lengthBytes);
                }
            }
        }
    }

    private static void checkXor(ParityKernels kernels, TestBlock.Kinds kinds, int count, int lengthBytes) {
        long seed = KernelCases.seed("xor", kinds, count, lengthBytes);
        Random random = new Random(seed);
        TestBlock[] src = randomBlocks(random, count, lengthBytes, 0, kinds);
        TestBlock dst = TestBlock.random(random, lengthBytes, kinds);
        String message = kernels.name() + " xor " + kinds + " count=" + count + " length=" + lengthBytes
                + " seed=" + seed;
        byte[] expected = ReferenceParity.p(KernelCases.contents(src), lengthBytes);

        kernels.xor(KernelCases.buffers(src), KernelCases.offsets(src), count, dst.buffer, dst.offset, lengthBytes);

        dst.assertHolds(expected, message);
        assertInputsUnchanged(src, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void shouldComputePAndQWithZeroSlotsAndEitherOutputSkipped(ParityKernels kernels) {
        for (TestBlock.Kinds kinds : TestBlock.Kinds.values()) {
            for (int slots : KernelCases.SLOTS) {
                for (int lengthBytes : KernelCases.LENGTHS) {
                    checkPq(kernels, kinds, slots, lengthBytes);
                }
            }
        }
    }

    private static void checkPq(ParityKernels kernels, TestBlock.Kinds kinds, int slots, int lengthBytes) {
        long seed = KernelCases.seed("pq", kinds, slots, lengthBytes);
        Random random = new Random(seed);
        TestBlock[] data = randomBlocks(random, slots, lengthBytes, 0.2, kinds);
        TestBlock p = TestBlock.random(random, lengthBytes, kinds);
        TestBlock q = TestBlock.random(random, lengthBytes, kinds);
        int outputs = random.nextInt(4); // 0: both, 1: P only, 2: Q only, 3: both
        boolean wantP = outputs != 2;
        boolean wantQ = outputs != 1;
        String message = kernels.name() + " pq " + kinds + " slots=" + slots + " length=" + lengthBytes
                + " p=" + wantP + " q=" + wantQ + " " + p + " " + q + " seed=" + seed;
        byte[][] contents = KernelCases.contents(data);

        kernels.pq(KernelCases.buffers(data), KernelCases.offsets(data), slots,
                wantP ? p.buffer : null, p.offset, wantQ ? q.buffer : null, q.offset, lengthBytes);

        if (wantP) {
            p.assertHolds(ReferenceParity.p(contents, lengthBytes), message + " P");
        } else {
            p.assertUnchanged(message + " skipped P");
        }
        if (wantQ) {
            q.assertHolds(ReferenceParity.q(contents, lengthBytes), message + " Q");
        } else {
            q.assertUnchanged(message + " skipped Q");
        }
        assertInputsUnchanged(data, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void shouldXorOneBlockIntoAnother(ParityKernels kernels) {
        for (int lengthBytes : KernelCases.LENGTHS) {
            long seed = KernelCases.seed("xorInto", lengthBytes);
            Random random = new Random(seed);
            TestBlock src = TestBlock.random(random, lengthBytes);
            TestBlock dst = TestBlock.random(random, lengthBytes);
            byte[] expected = ReferenceParity.p(new byte[][] {src.content(), dst.content()}, lengthBytes);
            String message = kernels.name() + " xorInto length=" + lengthBytes + " " + src + " " + dst + " seed=" + seed;

            kernels.xorInto(src.buffer, src.offset, dst.buffer, dst.offset, lengthBytes);

            dst.assertHolds(expected, message);
            src.assertUnchanged(message);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void shouldMultiplyAndXorForEveryCoefficient(ParityKernels kernels) {
        for (int coefficient = 0; coefficient < 256; coefficient++) {
            int lengthBytes = KernelCases.LENGTHS[coefficient % KernelCases.LENGTHS.length];
            long seed = KernelCases.seed("mulXorInto", coefficient);
            Random random = new Random(seed);
            TestBlock src = TestBlock.random(random, lengthBytes);
            TestBlock dst = TestBlock.random(random, lengthBytes);
            byte[] expected = ReferenceParity.mulXor(coefficient, src.content(), dst.content());
            String message = kernels.name() + " mulXorInto c=" + coefficient + " length=" + lengthBytes
                    + " " + src + " " + dst + " seed=" + seed;

            kernels.mulXorInto(coefficient, src.buffer, src.offset, dst.buffer, dst.offset, lengthBytes);

            dst.assertHolds(expected, message);
            src.assertUnchanged(message);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void shouldTurnAnRmwDeltaIntoTheSameQAsAFullRecompute(ParityKernels kernels) {
        long seed = KernelCases.seed("delta");
        Random random = new Random(seed);
        int slots = 6;
        int lengthBytes = 777;
        byte[][] data = new byte[slots][lengthBytes];
        for (byte[] block : data) {
            random.nextBytes(block);
        }
        ByteBuffer q = ByteBuffer.wrap(ReferenceParity.q(data, lengthBytes));
        int slot = 4;
        byte[] newBlock = new byte[lengthBytes];
        random.nextBytes(newBlock);
        ByteBuffer delta = ByteBuffer.wrap(data[slot].clone());
        kernels.xorInto(ByteBuffer.wrap(newBlock), 0, delta, 0, lengthBytes);

        kernels.mulXorInto(GaloisField.exp(slot), delta, 0, q, 0, lengthBytes);

        data[slot] = newBlock;
        assertArrayEquals(ReferenceParity.q(data, lengthBytes), q.array(), kernels.name() + " seed=" + seed);
    }

    /** {@code nullChance} of each block being null (an all-zero slot). */
    static TestBlock[] randomBlocks(Random random, int count, int lengthBytes, double nullChance, TestBlock.Kinds kinds) {
        TestBlock[] blocks = new TestBlock[count];
        for (int i = 0; i < count; i++) {
            blocks[i] = random.nextDouble() < nullChance ? null : TestBlock.random(random, lengthBytes, kinds);
        }
        return blocks;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void shouldRefuseRangesPastABuffersLimitAndWriteNothingThere(ParityKernels kernels) {
        for (boolean direct : new boolean[] {false, true}) {
            // A slice whose backing array (or memory) goes on past its limit: the kernel must not
            // use the bytes between the limit and the end of the array.
            ByteBuffer whole = direct ? ByteBuffer.allocateDirect(1024) : ByteBuffer.allocate(1024);
            ByteBuffer dst = whole.slice(0, 512);
            ByteBuffer[] src = {ByteBuffer.allocate(1024), ByteBuffer.allocate(1024)};
            String message = kernels.name() + (direct ? " direct" : " heap");
            assertThrows(IndexOutOfBoundsException.class,
                    () -> kernels.xor(src, new int[2], 2, dst, 256, 300), message + " xor");
            assertThrows(IndexOutOfBoundsException.class,
                    () -> kernels.pq(src, new int[2], 2, dst, 256, null, 0, 300), message + " pq");
            assertThrows(IndexOutOfBoundsException.class,
                    () -> kernels.pq(src, new int[] {0, 800}, 2, ByteBuffer.allocate(1024), 0, null, 0, 300),
                    message + " pq source");
            for (int b = 512; b < 1024; b++) {
                assertEquals(0, whole.get(b), message + ": byte " + b + " past the limit was written");
            }
        }
    }

    static void assertInputsUnchanged(TestBlock[] blocks, String message) {
        for (TestBlock block : blocks) {
            if (block != null) {
                block.assertUnchanged(message);
            }
        }
    }
}
