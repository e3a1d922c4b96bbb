package org.orion.hw.linux.jna;

import com.sun.jna.Memory;

/**
 * {@code struct statx} from {@code <linux/stat.h>}: 256 bytes, the same on every architecture (that
 * is why Orion uses statx and not {@code struct stat}, whose layout differs between x86_64 and arm64).
 *
 * <pre>
 *   0 u32 stx_mask         4 u32 stx_blksize      8 u64 stx_attributes
 *  16 u32 stx_nlink       20 u32 stx_uid         24 u32 stx_gid    28 u16 stx_mode
 *  32 u64 stx_ino         40 u64 stx_size        48 u64 stx_blocks 56 u64 stx_attributes_mask
 *  64 .. 127  four struct statx_timestamp {s64 sec; u32 nsec; s32 pad} (atime, btime, ctime, mtime)
 * 128 u32 stx_rdev_major 132 u32 stx_rdev_minor 136 u32 stx_dev_major 140 u32 stx_dev_minor
 * 144 u64 stx_mnt_id     152 u32 stx_dio_mem_align 156 u32 stx_dio_offset_align   ... 256
 * </pre>
 */
public final class StatxLayout {
    public static final int SIZE = 256;
    public static final int MASK = 0;
    public static final int BLKSIZE = 4;
    public static final int MODE = 28;
    public static final int INO = 32;
    public static final int SIZE_BYTES = 40;
    public static final int RDEV_MAJOR = 128;
    public static final int RDEV_MINOR = 132;
    public static final int DEV_MAJOR = 136;
    public static final int DEV_MINOR = 140;
    public static final int DIO_MEM_ALIGN = 152;
    public static final int DIO_OFFSET_ALIGN = 156;

    private StatxLayout() {
    }

    /** statx of an open descriptor; returns null and leaves errno set on failure. */
    public static FileStat of(int fd) {
        try (Memory buffer = new Memory(SIZE)) {
            buffer.clear();
            int rc = LibC.statx(fd, "", LinuxAbi.AT_EMPTY_PATH, LinuxAbi.STATX_BASIC_STATS | LinuxAbi.STATX_DIOALIGN,
                    com.sun.jna.Pointer.nativeValue(buffer));
            if (rc != 0) {
                return null;
            }
            int mask = buffer.getInt(MASK);
            boolean dio = (mask & LinuxAbi.STATX_DIOALIGN) != 0;
            return new FileStat(buffer.getShort(MODE) & 0xffff, buffer.getLong(SIZE_BYTES), buffer.getInt(BLKSIZE),
                    buffer.getInt(RDEV_MAJOR), buffer.getInt(RDEV_MINOR), buffer.getInt(DEV_MAJOR),
                    buffer.getInt(DEV_MINOR), buffer.getLong(INO),
                    dio ? buffer.getInt(DIO_MEM_ALIGN) : 0, dio ? buffer.getInt(DIO_OFFSET_ALIGN) : 0);
        }
    }
}
