package org.orion.hw.linux.jna;

import java.util.Locale;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * The numbers of the Linux user-space ABI that Orion uses, for the two architectures it supports.
 * Most are the same on x86_64 and arm64 (both use the generic ioctl encoding and the generic errno
 * table); the open flags are not: {@code O_DIRECT} is {@code 040000} on x86_64 but
 * {@code 0200000} on arm64. {@code LinuxAbiLayoutTest} checks every value against the C headers with
 * each installed compiler.
 */
public final class LinuxAbi {
    /** {@code "x86_64"} or {@code "aarch64"}. */
    public static final String ARCH = detectArch();

    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_EXCL = 0x80;
    public static final int O_CLOEXEC = 0x80000;
    public static final int O_DIRECT = oDirectFor(ARCH);

    public static final int FALLOC_FL_KEEP_SIZE = 0x01;
    public static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    public static final int FALLOC_FL_ZERO_RANGE = 0x10;

    /** pwritev2 flag: this write is durable when it returns (per-write O_DSYNC). */
    public static final int RWF_DSYNC = 0x02;

    public static final int AT_FDCWD = -100;
    public static final int AT_EMPTY_PATH = 0x1000;
    public static final int STATX_BASIC_STATS = 0x7ff;
    public static final int STATX_DIOALIGN = 0x2000;

    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;

    public static final int S_IFMT = 0170000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFCHR = 0020000;

    // ioctl request codes: _IO/_IOR/_IOWR(type, nr, size) = dir<<30 | size<<16 | type<<8 | nr.
    /** _IOR(0x12, 114, size_t): device size in bytes (u64). */
    public static final long BLKGETSIZE64 = 0x80081272L;
    /** _IO(0x12, 104): logical block size (int). */
    public static final long BLKSSZGET = 0x1268L;
    /** _IO(0x12, 123): physical block size (unsigned int). */
    public static final long BLKPBSZGET = 0x127bL;
    /** _IO(0x12, 119): discard range {u64 start, u64 length}. */
    public static final long BLKDISCARD = 0x1277L;
    /** _IO(0x12, 127): zero range {u64 start, u64 length}, keeping it allocated. */
    public static final long BLKZEROOUT = 0x127fL;
    /** _IO(0x12, 94): read-only flag (int). */
    public static final long BLKROGET = 0x125eL;
    /** SCSI generic pass-through with a {@code struct sg_io_hdr}. */
    public static final long SG_IO = 0x2285L;
    /** _IO('N', 0x40): namespace id of an NVMe block device. */
    public static final long NVME_IOCTL_ID = 0x4e40L;
    /** _IOWR('N', 0x41, struct nvme_admin_cmd): NVMe admin command pass-through (72-byte struct). */
    public static final long NVME_IOCTL_ADMIN_CMD = 0xc0484e41L;

    private LinuxAbi() {
    }

    private static String detectArch() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return "unsupported:" + os;
        }
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> "unsupported:" + arch;
        };
    }

    /** O_DIRECT of an architecture: 040000 on x86_64 (and the generic table), 0200000 on arm64. */
    public static int oDirectFor(String arch) {
        return arch.equals("aarch64") ? 0x10000 : 0x4000;
    }

    /** True on Linux x86_64 or arm64, where every number in this class is right. */
    public static boolean supported() {
        return !ARCH.startsWith("unsupported");
    }

    /** Throws a clear UNSUPPORTED error unless {@link #supported()}. */
    public static void requireSupported() {
        if (!supported()) {
            throw new OrionException(ErrorCode.UNSUPPORTED, "native Linux devices need Linux on x86_64 or aarch64, this is "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + ": use simulated disks (hw-sim) on this host");
        }
    }
}
