package org.orion.raid.parity;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One call's blocks as native memory addresses for {@link SegmentKernels}: block {@code i} of a
 * call starts at address {@code bases[i]} of {@link #ALL}. Sources come first, then the kernel's
 * other inputs and outputs at the indexes it chooses.
 *
 * <p>Only native memory, ever. A load site that has seen both heap and native segments is
 * compiled for both and runs at half speed (XOR of 8 x 64 KiB in cache on JDK 25: 95 GB/s when
 * the loop only ever saw native segments, 42 once one call had passed a heap segment). So a
 * direct buffer is read in place, and a heap or read-only heap buffer in a mixed call (all-heap
 * calls never get here: they run on arrays) is copied into a per-thread native scratch block
 * first, and copied back by {@link #finish()} if the kernel writes it.
 *
 * <p>Why a cache of addresses: finding a direct buffer's address goes through
 * {@code MemorySegment.ofBuffer}, which allocates a segment (and a session object), and the data
 * path allocates nothing per request. The direct buffers a thread computes parity on are
 * long-lived (the stripe engine's column buffers, the clients' pooled buffers), so a buffer's
 * address is looked up once and found again by the buffer's identity:
 * an open-addressed table, emptied entirely when it is half full, so a thread keeps at most
 * {@value #CACHE_SLOTS}/2 buffers reachable (the ring thread that computes an array's parity ends
 * with the array). A working set larger than that only costs an occasional refill.
 *
 * <p>A zero ({@code null}) block, and a recovery's lost blocks, read a private all-zero block
 * instead of masking every load (as {@link HeapBlocks} does for arrays). Every range is checked
 * against its buffer's limit here, because nothing checks the kernels' loads through {@link #ALL}.
 */
final class SegmentBlocks {
    private static final ThreadLocal<SegmentBlocks> PER_THREAD = ThreadLocal.withInitial(SegmentBlocks::new);
    /** Power of two; the table is emptied when it holds half of this many buffers. */
    private static final int CACHE_SLOTS = 8192;

    /**
     * All of memory, as one segment: the kernels load every block through this constant at the
     * block's address ({@link #bases}). A load through a constant segment needs no per-load
     * checks of the segment's kind, size and liveness, which a segment read from an array does:
     * XOR of 8 x 64 KiB in cache, JDK 25, standalone: 96-101 GB/s against 85-92. Safe because
     * every range is checked here against its buffer's limit first, and each buffer stays
     * reachable for the call (the caller's arguments, this object's scratch and cache). Obtaining
     * it is a restricted method: {@code --enable-native-access=ALL-UNNAMED} keeps the JVM quiet
     * about it, and a JVM that denies it fails this class's initialization, which
     * {@code VectorParityKernels} catches (direct buffers then take the scalar kernels).
     */
    static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** The address of each block's first byte in {@link #ALL}. */
    long[] bases = new long[16];
    private ByteBuffer[] scratch = new ByteBuffer[16];
    private long[] scratchAddresses = new long[16];
    /** Heap outputs staged in scratch: buffer, offset and block index, to copy back in {@link #finish}. */
    private ByteBuffer[] stagedOutputs = new ByteBuffer[16];
    private int[] stagedOffsets = new int[16];
    private int[] stagedIndexes = new int[16];
    private int stagedCount;
    private final ByteBuffer[] cachedBuffers = new ByteBuffer[CACHE_SLOTS];
    private final long[] cachedAddresses = new long[CACHE_SLOTS];
    private int cachedCount;
    private ByteBuffer zeroes = ByteBuffer.allocateDirect(0);
    private long zeroesAddress = addressOf(zeroes);

    private SegmentBlocks() {
    }

    static SegmentBlocks forCurrentThread() {
        return PER_THREAD.get();
    }

    /** This thread's blocks for {@code dst ^= f(src)}: block 0 is {@code src}, block 1 {@code dst} (read and written). */
    static SegmentBlocks inPlace(ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset, int lengthBytes) {
        SegmentBlocks blocks = forCurrentThread().begin(2);
        blocks.input(0, src, srcOffset, lengthBytes);
        blocks.output(1, dst, dstOffset, lengthBytes, true);
        return blocks;
    }

    /** Makes room for indexes {@code 0..blocks-1}. */
    SegmentBlocks begin(int blocks) {
        if (bases.length < blocks) {
            bases = new long[blocks];
            scratch = Arrays.copyOf(scratch, blocks);
            scratchAddresses = Arrays.copyOf(scratchAddresses, blocks);
            stagedOutputs = new ByteBuffer[blocks];
            stagedOffsets = new int[blocks];
            stagedIndexes = new int[blocks];
        }
        stagedCount = 0;
        return this;
    }

    /**
     * Sources {@code 0..count-1}; blocks {@code skipA} and {@code skipB} (outputs of a recovery, or
     * -1) and null blocks read as zeroes.
     */
    void sources(ByteBuffer[] blocks, int[] offsets, int count, int skipA, int skipB, int lengthBytes) {
        for (int i = 0; i < count; i++) {
            ByteBuffer b = blocks[i];
            if (b == null || i == skipA || i == skipB) {
                bases[i] = zeroes(lengthBytes);
            } else {
                input(i, b, offsets[i], lengthBytes);
            }
        }
    }

    /** Block {@code index}: read only. */
    void input(int index, ByteBuffer buffer, int offset, int lengthBytes) {
        Objects.checkFromIndexSize(offset, lengthBytes, buffer.limit());
        if (buffer.isDirect()) {
            bases[index] = cached(buffer) + offset;
        } else {
            stage(index, lengthBytes).put(0, buffer, offset, lengthBytes);
        }
    }

    /** Block {@code index}: written ({@code alsoRead}: read first, for in-place kernels). */
    void output(int index, ByteBuffer buffer, int offset, int lengthBytes, boolean alsoRead) {
        Objects.checkFromIndexSize(offset, lengthBytes, buffer.limit());
        if (buffer.isReadOnly()) {
            throw new java.nio.ReadOnlyBufferException();
        }
        if (buffer.isDirect()) {
            bases[index] = cached(buffer) + offset;
            return;
        }
        ByteBuffer staged = stage(index, lengthBytes);
        if (alsoRead) {
            staged.put(0, buffer, offset, lengthBytes);
        }
        stagedOutputs[stagedCount] = buffer;
        stagedOffsets[stagedCount] = offset;
        stagedIndexes[stagedCount] = index;
        stagedCount++;
    }

    /**
     * Copies staged outputs back to their heap buffers (the first {@code lengthBytes}: the vector
     * part; the kernel's byte-at-a-time tail writes the buffers themselves afterwards) and forgets
     * this call's blocks (the cache keeps its own references).
     */
    void finish(int lengthBytes) {
        for (int k = 0; k < stagedCount; k++) {
            stagedOutputs[k].put(stagedOffsets[k], scratch[stagedIndexes[k]], 0, lengthBytes);
            stagedOutputs[k] = null;
        }
        stagedCount = 0;
    }

    private ByteBuffer stage(int index, int lengthBytes) {
        ByteBuffer buffer = scratch[index];
        if (buffer == null || buffer.capacity() < lengthBytes) {
            buffer = ByteBuffer.allocateDirect(Math.max(lengthBytes, 4096));
            scratch[index] = buffer;
            scratchAddresses[index] = addressOf(buffer);
        }
        bases[index] = scratchAddresses[index];
        return buffer;
    }

    /** The address of direct {@code buffer}'s index 0. */
    private long cached(ByteBuffer buffer) {
        int mask = CACHE_SLOTS - 1;
        int slot = mix(System.identityHashCode(buffer)) & mask;
        for (ByteBuffer cached = cachedBuffers[slot]; cached != null; cached = cachedBuffers[slot]) {
            if (cached == buffer) {
                return cachedAddresses[slot];
            }
            slot = (slot + 1) & mask;
        }
        if (cachedCount >= CACHE_SLOTS / 2) {
            Arrays.fill(cachedBuffers, null);
            cachedCount = 0;
            slot = mix(System.identityHashCode(buffer)) & mask;
        }
        long address = addressOf(buffer);
        cachedBuffers[slot] = buffer;
        cachedAddresses[slot] = address;
        cachedCount++;
        return address;
    }

    private static int mix(int hash) {
        return hash ^ (hash >>> 13);
    }

    /** The address of at least {@code lengthBytes} zeroes. */
    private long zeroes(int lengthBytes) {
        if (zeroes.capacity() < lengthBytes) {
            zeroes = ByteBuffer.allocateDirect(lengthBytes);
            zeroesAddress = addressOf(zeroes);
        }
        return zeroesAddress;
    }

    /** The address of direct {@code buffer}'s index 0 (allocates a segment: for the cache and scratch only). */
    private static long addressOf(ByteBuffer buffer) {
        return MemorySegment.ofBuffer(buffer.duplicate().clear()).address();
    }
}
