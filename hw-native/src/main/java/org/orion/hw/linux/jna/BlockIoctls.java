package org.orion.hw.linux.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Control-path block-device queries (size and block sizes). Each returns -1 on failure with errno
 * left in {@link Errno#last()}. The range ioctls of the data path (BLKDISCARD, BLKZEROOUT) are issued
 * by the I/O threads with their own pre-allocated argument memory, not through here.
 */
public final class BlockIoctls {
    private BlockIoctls() {
    }

    /** BLKGETSIZE64: the device size in bytes, or -1. */
    public static long sizeBytes(int fd) {
        try (Memory out = new Memory(8)) {
            out.setLong(0, 0);
            return LibC.ioctl(fd, LinuxAbi.BLKGETSIZE64, Pointer.nativeValue(out)) == 0 ? out.getLong(0) : -1;
        }
    }

    /** BLKSSZGET: logical block size, or -1. */
    public static int logicalBlockBytes(int fd) {
        return intQuery(fd, LinuxAbi.BLKSSZGET);
    }

    /** BLKPBSZGET: physical block size, or -1. */
    public static int physicalBlockBytes(int fd) {
        return intQuery(fd, LinuxAbi.BLKPBSZGET);
    }

    /** BLKROGET: 1 if the device is read-only, 0 if writable, -1 on failure. */
    public static int readOnly(int fd) {
        return intQuery(fd, LinuxAbi.BLKROGET);
    }

    private static int intQuery(int fd, long request) {
        try (Memory out = new Memory(4)) {
            out.setInt(0, 0);
            return LibC.ioctl(fd, request, Pointer.nativeValue(out)) == 0 ? out.getInt(0) : -1;
        }
    }

    /**
     * Issues a range ioctl ({@link LinuxAbi#BLKDISCARD} or {@link LinuxAbi#BLKZEROOUT}) whose argument
     * is {@code u64 range[2] = {start, length}}, written at {@code offset} of the caller's scratch memory.
     * Allocation-free.
     */
    public static int rangeIoctl(int fd, long request, ScratchMemory scratch, int offset, long startBytes,
                                 long lengthBytes) {
        scratch.putLong(offset, startBytes);
        scratch.putLong(offset + 8, lengthBytes);
        return LibC.ioctl(fd, request, scratch.address() + offset);
    }
}
