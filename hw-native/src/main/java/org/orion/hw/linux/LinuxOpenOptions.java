package org.orion.hw.linux;

/**
 * How {@link LinuxDevices} opens a member.
 *
 * @param exclusive             block devices are opened with O_EXCL (refused while mounted, in an
 *                              array or opened exclusively elsewhere); regular files take a
 *                              non-blocking {@code flock(LOCK_EX)}
 * @param direct                bypass the page cache with O_DIRECT
 * @param allowBufferedFallback if the file system refuses O_DIRECT, use buffered I/O (one warning)
 *                              instead of failing
 * @param queueDepth            requests accepted and not yet finished; more are refused with BUSY
 * @param ioThreads             threads doing blocking pread/pwrite for this device; the real overlap
 *                              is {@code min(queueDepth, ioThreads)}. One thread per queue slot (32)
 *                              came closest to fio's libaio at depth 32 on a 2-core host
 *                              (docs/benchmarks.md); an idle thread costs a stack and, only once
 *                              heap or misaligned buffers arrive, a bounce buffer
 * @param maxTransferBytes      largest READ/WRITE accepted; also the size of each thread's bounce buffer
 */
public record LinuxOpenOptions(boolean exclusive, boolean direct, boolean allowBufferedFallback, int queueDepth,
                               int ioThreads, int maxTransferBytes) {
    public static final int DEFAULT_QUEUE_DEPTH = 32;
    public static final int DEFAULT_IO_THREADS = 32;
    public static final int DEFAULT_MAX_TRANSFER_BYTES = 1 << 20;

    public LinuxOpenOptions {
        if (queueDepth < 1 || queueDepth > 4096) {
            throw new IllegalArgumentException("queue depth " + queueDepth + " is outside 1..4096");
        }
        if (ioThreads < 1 || ioThreads > 256) {
            throw new IllegalArgumentException("I/O thread count " + ioThreads + " is outside 1..256");
        }
        if (maxTransferBytes < 4096 || Integer.bitCount(maxTransferBytes) != 1 || maxTransferBytes > (64 << 20)) {
            throw new IllegalArgumentException("max transfer " + maxTransferBytes
                    + " bytes must be a power of two between 4 KiB and 64 MiB");
        }
    }

    /** Exclusive, O_DIRECT with buffered fallback, queue depth 32, 32 I/O threads, 1 MiB transfers. */
    public static LinuxOpenOptions defaults() {
        return new LinuxOpenOptions(true, true, true, DEFAULT_QUEUE_DEPTH, DEFAULT_IO_THREADS, DEFAULT_MAX_TRANSFER_BYTES);
    }

    public LinuxOpenOptions withExclusive(boolean value) {
        return new LinuxOpenOptions(value, direct, allowBufferedFallback, queueDepth, ioThreads, maxTransferBytes);
    }

    public LinuxOpenOptions withDirect(boolean value) {
        return new LinuxOpenOptions(exclusive, value, allowBufferedFallback, queueDepth, ioThreads, maxTransferBytes);
    }

    public LinuxOpenOptions withBufferedFallback(boolean value) {
        return new LinuxOpenOptions(exclusive, direct, value, queueDepth, ioThreads, maxTransferBytes);
    }

    public LinuxOpenOptions withQueueDepth(int value) {
        return new LinuxOpenOptions(exclusive, direct, allowBufferedFallback, value, ioThreads, maxTransferBytes);
    }

    public LinuxOpenOptions withIoThreads(int value) {
        return new LinuxOpenOptions(exclusive, direct, allowBufferedFallback, queueDepth, value, maxTransferBytes);
    }

    public LinuxOpenOptions withMaxTransferBytes(int value) {
        return new LinuxOpenOptions(exclusive, direct, allowBufferedFallback, queueDepth, ioThreads, value);
    }
}
