package org.orion.raid.parity;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The backing arrays and start indexes of one call's heap blocks, read once per call so that the
 * vector loops index plain {@code byte[]}s instead of calling {@code array()} and
 * {@code arrayOffset()} (each a few checks) on every source visit. Measured on XOR of 8 x 64 KiB,
 * eight vectors per visit, thread CPU time: 69 GB/s through the buffers, 82-89 GB/s through
 * pre-read arrays.
 *
 * <p>A zero ({@code null}) block is given a private all-zero array, so the loops read zeroes
 * instead of masking every load (one vector AND per load saved); nothing ever writes that array.
 *
 * <p>One instance per thread ({@link #forCurrentThread()}): the kernels stay usable by many threads
 * at once and allocate nothing per call once a thread's arrays have grown to its largest stripe.
 * {@link #release()} drops the references after the call, so a client's buffer is not kept alive
 * by a thread that happened to compute its parity.
 */
final class HeapBlocks {
    private static final ThreadLocal<HeapBlocks> PER_THREAD = ThreadLocal.withInitial(HeapBlocks::new);

    byte[][] arrays = new byte[16][];
    int[] bases = new int[16];
    private int used;
    private byte[] zeroes = new byte[0];

    private HeapBlocks() {
    }

    static HeapBlocks forCurrentThread() {
        return PER_THREAD.get();
    }

    /**
     * Reads blocks {@code 0..count-1}, after checking each range {@code [offset, offset + lengthBytes)}
     * against its buffer's limit ({@code fromArray} only checks against the whole array, which a
     * slice does not own). Blocks {@code skipA} and {@code skipB} (outputs of a recovery, or -1)
     * and null blocks read as zeroes.
     */
    HeapBlocks read(ByteBuffer[] blocks, int[] offsets, int count, int skipA, int skipB, int lengthBytes) {
        if (arrays.length < count) {
            arrays = new byte[count][];
            bases = new int[count];
        }
        for (int i = 0; i < count; i++) {
            ByteBuffer b = blocks[i];
            if (b == null || i == skipA || i == skipB) {
                arrays[i] = zeroes(lengthBytes);
                bases[i] = 0;
            } else {
                Objects.checkFromIndexSize(offsets[i], lengthBytes, b.limit());
                arrays[i] = b.array();
                bases[i] = b.arrayOffset() + offsets[i];
            }
        }
        used = count;
        return this;
    }

    /** Forgets the arrays of the last {@link #read}. */
    void release() {
        Arrays.fill(arrays, 0, used, null);
        used = 0;
    }

    private byte[] zeroes(int lengthBytes) {
        if (zeroes.length < lengthBytes) {
            zeroes = new byte[lengthBytes];
        }
        return zeroes;
    }
}
