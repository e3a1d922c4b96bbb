package org.orion.harness.nbd;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.orion.driver.api.spi.LargePageMemory;

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
 * <p>Buffers of {@value #LARGE_PAGE_MIN_BYTES} bytes and more come from the host's large pages when
 * a {@link LargePageMemory} is given: a 1 MiB request in 4 KiB pages is more pieces than a virtio
 * disk takes in one request, so an O_DIRECT member splits it in two (see {@link LargePageMemory}).
 * Such a buffer is charged to the budget at what it really occupies (whole large pages), and
 * unmapped when dropped or when the pool closes with it back.
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

    /** Buffers this large and larger come from {@link #largePages} when there is one. */
    static final int LARGE_PAGE_MIN_BYTES = 1 << 20;

    private final ArrayDeque<ByteBuffer>[] free;
    private final LargePageMemory largePages;
    /** The buffers from {@link #largePages} (handed out or cached), to charge and free them right. */
    private final Set<ByteBuffer> inLargePages = Collections.newSetFromMap(new IdentityHashMap<>());
    private final long budgetBytes;
    private long ownedBytes;
    private boolean closed;

    BufferPool(long budgetBytes) {
        this(budgetBytes, null);
    }

    /** @param largePages where buffers of {@value #LARGE_PAGE_MIN_BYTES} bytes and more come from, or null */
    @SuppressWarnings("unchecked")
    BufferPool(long budgetBytes, LargePageMemory largePages) {
        if (budgetBytes < LARGEST_BUFFER_BYTES) {
            throw new IllegalArgumentException("buffer budget " + budgetBytes + " is below one largest request ("
                    + LARGEST_BUFFER_BYTES + " bytes)");
        }
        this.budgetBytes = budgetBytes;
        this.largePages = largePages;
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
            boolean large = inLargePages(classBytes);
            long chargeBytes = large ? largePagesCharge(classBytes) : classBytes;
            if (ownedBytes + chargeBytes > budgetBytes) {
                dropCachedUntilFits(chargeBytes);
            }
            if (ownedBytes + chargeBytes <= budgetBytes) {
                return allocate(classBytes, large);
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
            release(buffer);
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
                release(list.pollFirst());
            }
        }
        notifyAll();
    }

    /** Bytes allocated and not yet dropped (handed out plus cached). */
    synchronized long ownedBytes() {
        return ownedBytes;
    }

    private void dropCachedUntilFits(long chargeBytes) {
        for (int i = free.length - 1; i >= 0 && ownedBytes + chargeBytes > budgetBytes; i--) {
            while (!free[i].isEmpty() && ownedBytes + chargeBytes > budgetBytes) {
                release(free[i].pollFirst());
            }
        }
    }

    /** Whether a new buffer of {@code classBytes} comes from large pages (never one the budget cannot hold). */
    private boolean inLargePages(int classBytes) {
        return largePages != null && classBytes >= LARGE_PAGE_MIN_BYTES && largePagesCharge(classBytes) <= budgetBytes;
    }

    /** What a buffer of {@code classBytes} occupies in large pages: whole pages. */
    private long largePagesCharge(int classBytes) {
        long page = largePages.pageBytes();
        return (classBytes + page - 1) / page * page;
    }

    /** A new buffer, charged to the budget; ordinary memory when large pages were not wanted or not had. */
    private ByteBuffer allocate(int classBytes, boolean large) {
        if (large) {
            Optional<ByteBuffer> buffer = largePages.allocate(classBytes);
            if (buffer.isPresent()) {
                inLargePages.add(buffer.get());
                ownedBytes += largePagesCharge(classBytes);
                return buffer.get();
            }
        }
        ownedBytes += classBytes;
        return ByteBuffer.allocateDirect(classBytes + ALIGNMENT_BYTES - 1).alignedSlice(ALIGNMENT_BYTES)
                .limit(classBytes).slice();
    }

    /** Forgets a buffer nobody uses any more: uncharged, and unmapped if it is in large pages. */
    private void release(ByteBuffer buffer) {
        if (inLargePages.remove(buffer)) {
            ownedBytes -= largePagesCharge(buffer.capacity());
            largePages.free(buffer);
        } else {
            ownedBytes -= buffer.capacity();
        }
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
