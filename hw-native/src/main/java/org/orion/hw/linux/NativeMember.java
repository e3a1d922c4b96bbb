package org.orion.hw.linux;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.orion.hw.linux.jna.Errno;
import org.orion.hw.linux.jna.LibC;
import org.orion.hw.linux.jna.LibCv2;
import org.orion.hw.linux.jna.NativeBuffers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open file descriptor of one member and what the I/O threads share about it: how it was opened
 * (O_DIRECT or buffered), the memory alignment O_DIRECT needs, which optional operations turned out
 * to work, a read-only zero buffer, and error counters. Capability flags only ever go from "try it"
 * to "not supported", once, so plain volatile writes are enough.
 *
 * <p>Errors are counted, and only the first of each kind is logged (never one line per I/O).
 */
final class NativeMember {
    private static final Logger LOG = LoggerFactory.getLogger(NativeMember.class);
    /** Zero-fill fallback chunk; also the largest zero run one pwrite writes. */
    static final int ZERO_CHUNK_BYTES = 256 * 1024;

    final String name;
    final Path path;
    final int fd;
    final MemberKind kind;
    final boolean direct;
    /** O_DIRECT memory alignment minus one; a user buffer address with these bits clear is used in place. */
    final long memAlignMask;
    final ByteBuffer zeroes;
    final long zeroesAddress;

    volatile boolean discardWorks = true;
    volatile boolean zeroRangeWorks = true;
    volatile boolean pwritev2Works = LibCv2.available();

    private final AtomicLong errors = new AtomicLong();
    private final AtomicBoolean firstErrorLogged = new AtomicBoolean();
    private final AtomicLong bouncedRequests = new AtomicLong();

    NativeMember(String name, Path path, int fd, MemberKind kind, boolean direct, int memAlignBytes) {
        this.name = name;
        this.path = path;
        this.fd = fd;
        this.kind = kind;
        this.direct = direct;
        this.memAlignMask = direct ? memAlignBytes - 1L : 0L;
        this.zeroes = NativeBuffers.alignedDirect(ZERO_CHUNK_BYTES, 4096).asReadOnlyBuffer();
        this.zeroesAddress = NativeBuffers.address(zeroes);
    }

    /** Counts a failed system call; logs the first one of this member. */
    void recordError(String operation, long offsetBytes, int errno) {
        errors.incrementAndGet();
        if (firstErrorLogged.compareAndSet(false, true)) {
            LOG.warn("{}: {} at byte {} failed with {} (further errors are counted, not logged)", name, operation,
                    offsetBytes, Errno.describe(errno));
        }
    }

    void recordUnsupported(String operation, String fallback, int errno) {
        LOG.info("{}: {} is not supported here ({}); {}", name, operation, Errno.name(errno), fallback);
    }

    void recordInternal(String what, Throwable t) {
        errors.incrementAndGet();
        LOG.error("{}: {}", name, what, t);
    }

    void recordBounce() {
        bouncedRequests.incrementAndGet();
    }

    long errorCount() {
        return errors.get();
    }

    long bouncedCount() {
        return bouncedRequests.get();
    }

    void close() {
        if (LibC.close(fd) != 0) {
            LOG.warn("{}: close failed with {}", name, Errno.describe(Errno.last()));
        }
    }
}
