package org.orion.harness.nbd;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The data buffers of one connection: direct, 4 KiB-aligned (so an O_DIRECT device can use them
 * without a bounce copy), in power-of-two size classes from 4 KiB to 32 MiB plus one class for the
 * largest unaligned request, and reused, so a connection in steady state allocates nothing.
 *
 * <p>Memory is bounded: buffers handed out plus buffers cached never exceed the budget. When a
 * request needs a class that has no free buffer and the budget is spent, cached buffers of other
 * classes are dropped; if that is not enough, the reader waits until a reply returns a buffer.
 * That wait is the connection's back-pressure on a client sending huge requests.
 *
 * <p>Threads: the connection's reader takes, its loop gives back.
 */
final class BufferPool {
    private static final int MIN_CLASS_BYTES = 4096;
    private static final int ALIGNMENT_BYTES = 4096;
    /** Covers a 32 MiB request plus the edge blocks of read-modify-write (3 blocks of at most 64 KiB). */
    static final int LARGEST_BUFFER_BYTES = NbdProtocol.MAX_PAYLOAD_BYTES + 3 * 64 * 1024;
    private static final int POWER_CLASSES = Integer.numberOfTrailingZeros(NbdProtocol.MAX_PAYLOAD_BYTES)
            - Integer.numberOfTrailingZeros(MIN_CLASS_BYTES) + 1;

    private final ArrayDeque<ByteBuffer>[] free;
    private final long budgetBytes;
    private long ownedBytes;
    private boolean closed;

    @SuppressWarnings("unchecked")
    BufferPool(long budgetBytes) {
        if (budgetBytes < LARGEST_BUFFER_BYTES) {
            throw new IllegalArgumentException("buffer budget " + budgetBytes + " is below one largest request ("
                    + LARGEST_BUFFER_BYTES + " bytes)");
        }
        this.budgetBytes = budgetBytes;
        this.free = new ArrayDeque[POWER_CLASSES + 1];
        for (int i = 0; i < free.length; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /**
     * A buffer of at least {@code bytes} (at most {@link #LARGEST_BUFFER_BYTES}), waiting if the budget
     * is spent; null once the pool is closed.
     */
    synchronized ByteBuffer take(int bytes) {
        int sizeClass = classOf(bytes);
        int classBytes = classBytes(sizeClass);
        while (!closed) {
            ByteBuffer cached = free[sizeClass].pollFirst();
            if (cached != null) {
                return cached;
            }
            if (ownedBytes + classBytes > budgetBytes) {
                dropCachedUntilFits(classBytes);
            }
            if (ownedBytes + classBytes <= budgetBytes) {
                ownedBytes += classBytes;
                return allocate(classBytes);
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Returns a buffer from {@link #take}. */
    synchronized void give(ByteBuffer buffer) {
        if (closed) {
            ownedBytes -= buffer.capacity();
            return;
        }
        free[classOf(buffer.capacity())].addFirst(buffer);
        notifyAll();
    }

    /** Wakes a waiting reader with null and drops the cache. */
    synchronized void close() {
        closed = true;
        for (ArrayDeque<ByteBuffer> list : free) {
            while (!list.isEmpty()) {
                ownedBytes -= list.pollFirst().capacity();
            }
        }
        notifyAll();
    }

    /** Bytes allocated and not yet dropped (handed out plus cached). */
    synchronized long ownedBytes() {
        return ownedBytes;
    }

    private void dropCachedUntilFits(int classBytes) {
        for (int i = free.length - 1; i >= 0 && ownedBytes + classBytes > budgetBytes; i--) {
            while (!free[i].isEmpty() && ownedBytes + classBytes > budgetBytes) {
                ownedBytes -= free[i].pollFirst().capacity();
            }
        }
    }

    private static ByteBuffer allocate(int classBytes) {
        return ByteBuffer.allocateDirect(classBytes + ALIGNMENT_BYTES - 1).alignedSlice(ALIGNMENT_BYTES)
                .limit(classBytes).slice();
    }

    static int classOf(int bytes) {
        if (bytes < 0 || bytes > LARGEST_BUFFER_BYTES) {
            throw new IllegalArgumentException("no buffer class for " + bytes + " bytes");
        }
        if (bytes > NbdProtocol.MAX_PAYLOAD_BYTES) {
            return POWER_CLASSES;
        }
        int rounded = bytes <= MIN_CLASS_BYTES ? MIN_CLASS_BYTES : Integer.highestOneBit(bytes - 1) << 1;
        return Integer.numberOfTrailingZeros(rounded) - Integer.numberOfTrailingZeros(MIN_CLASS_BYTES);
    }

    static int classBytes(int sizeClass) {
        return sizeClass == POWER_CLASSES ? LARGEST_BUFFER_BYTES : MIN_CLASS_BYTES << sizeClass;
    }
}
