package org.orion.hw.linux;

import java.nio.ByteBuffer;
import org.orion.hw.linux.jna.NativeBuffers;

/**
 * Remembers the native address of the last few direct buffers one I/O thread has seen, so that
 * pooled request buffers (the common case: a RAID stripe cache reuses the same buffers) cost a short
 * identity scan instead of a {@code Pointer} allocation per request. Owned by one thread; not
 * thread-safe. Holding a buffer keeps it reachable, so its memory cannot be freed and reused under
 * a stale address; the cache is bounded and cleared when the device closes.
 */
final class DirectAddressCache {
    private final ByteBuffer[] buffers;
    private final long[] addresses;
    private int next;
    private long misses;

    DirectAddressCache(int entries) {
        buffers = new ByteBuffer[entries];
        addresses = new long[entries];
    }

    /** Address of byte 0 of {@code direct}. Allocation-free on a hit. */
    long addressOf(ByteBuffer direct) {
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] == direct) {
                return addresses[i];
            }
        }
        long address = NativeBuffers.address(direct);
        buffers[next] = direct;
        addresses[next] = address;
        next = next + 1 == buffers.length ? 0 : next + 1;
        misses++;
        return address;
    }

    long misses() {
        return misses;
    }

    void clear() {
        java.util.Arrays.fill(buffers, null);
    }
}
