package org.orion.raid.stripe;

import java.nio.ByteBuffer;
import org.orion.raid.level.StripeMap;
import org.orion.raid.parity.ParityKernels;

/**
 * Solves up to two unknown data blocks of a RAID4/5/6 stripe from the known ones and P and/or Q:
 * one unknown from P by XOR, or from Q alone; two from P and Q. The data blocks are given in
 * stripe order (block k at {@code buffers[k]}); the unknown ones' buffers receive the result.
 * Holds reusable scratch arrays: one instance per operation, handler thread only.
 */
final class Reconstruction {
    private final ParityKernels kernels;
    private final ByteBuffer[] xorSources;
    private final int[] xorOffsets;
    private final ByteBuffer[] slotBuffers;
    private final int[] slotOffsets;

    Reconstruction(ParityKernels kernels, int members) {
        this.kernels = kernels;
        this.xorSources = new ByteBuffer[members + 1];
        this.xorOffsets = new int[members + 1];
        this.slotBuffers = new ByteBuffer[members];
        this.slotOffsets = new int[members];
    }

    /**
     * @param p null when P is not available
     * @param q null when Q is not available (or the level has none)
     * @return false when the unknowns cannot be solved with what is available
     */
    boolean solve(StripeMap map, ByteBuffer[] buffers, int[] offsets, int[] unknown, int unknownCount, ByteBuffer p,
                  ByteBuffer q, int lengthBytes) {
        return solve(map, buffers, offsets, unknown, unknownCount, p, q, 0, lengthBytes);
    }

    /** As {@link #solve(StripeMap, ByteBuffer[], int[], int[], int, ByteBuffer, ByteBuffer, int)}, with P and Q read from {@code parityOffset}. */
    boolean solve(StripeMap map, ByteBuffer[] buffers, int[] offsets, int[] unknown, int unknownCount, ByteBuffer p,
                  ByteBuffer q, int parityOffset, int lengthBytes) {
        if (unknownCount == 0) {
            return true;
        }
        if (unknownCount == 1 && p != null) {
            int x = unknown[0];
            int n = 0;
            xorSources[n] = p;
            xorOffsets[n++] = parityOffset;
            for (int k = 0; k < map.dataBlocks; k++) {
                if (k != x) {
                    xorSources[n] = buffers[k];
                    xorOffsets[n++] = offsets[k];
                }
            }
            kernels.xor(xorSources, xorOffsets, n, buffers[x], offsets[x], lengthBytes);
            return true;
        }
        if (q == null) {
            return false;
        }
        int slots = fillSlots(map, buffers, offsets);
        if (unknownCount == 1) {
            kernels.recoverDataFromQ(slotBuffers, slotOffsets, slots, map.qExponent[unknown[0]], q, parityOffset,
                    lengthBytes);
            return true;
        }
        if (unknownCount == 2 && p != null) {
            int ex = map.qExponent[unknown[0]];
            int ey = map.qExponent[unknown[1]];
            kernels.recoverTwoData(slotBuffers, slotOffsets, slots, Math.min(ex, ey), Math.max(ex, ey), p, parityOffset,
                    q, parityOffset, lengthBytes);
            return true;
        }
        return false;
    }

    /** P and Q of the data blocks into {@code p} / {@code q} (either may be null to skip it). */
    void parity(StripeMap map, ByteBuffer[] buffers, int[] offsets, ByteBuffer p, ByteBuffer q, int lengthBytes) {
        parity(map, buffers, offsets, p, q, 0, lengthBytes);
    }

    /** As {@link #parity(StripeMap, ByteBuffer[], int[], ByteBuffer, ByteBuffer, int)}, writing P and Q at {@code parityOffset}. */
    void parity(StripeMap map, ByteBuffer[] buffers, int[] offsets, ByteBuffer p, ByteBuffer q, int parityOffset,
                int lengthBytes) {
        if (map.qMember < 0) {
            kernels.xor(buffers, offsets, map.dataBlocks, p, parityOffset, lengthBytes);
            return;
        }
        int slots = fillSlots(map, buffers, offsets);
        kernels.pq(slotBuffers, slotOffsets, slots, p, parityOffset, q, parityOffset, lengthBytes);
    }

    /** Data blocks in Q-syndrome slot order; null = a zero slot (DDF layouts). */
    private int fillSlots(StripeMap map, ByteBuffer[] buffers, int[] offsets) {
        int slots = 0;
        for (int k = 0; k < map.dataBlocks; k++) {
            slots = Math.max(slots, map.qExponent[k] + 1);
        }
        for (int s = 0; s < slots; s++) {
            slotBuffers[s] = null;
        }
        for (int k = 0; k < map.dataBlocks; k++) {
            slotBuffers[map.qExponent[k]] = buffers[k];
            slotOffsets[map.qExponent[k]] = offsets[k];
        }
        return slots;
    }
}
