package org.orion.hw.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.hw.linux.jna.BlockIoctls;
import org.orion.hw.linux.jna.Errno;
import org.orion.hw.linux.jna.FileStat;
import org.orion.hw.linux.jna.LibC;
import org.orion.hw.linux.jna.LinuxAbi;
import org.orion.hw.linux.jna.StatxLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens regular files and block devices as {@link LinuxBlockDevice}s (and as {@link LinuxDisk}s).
 *
 * <p>Geometry: a block device reports its size and block sizes through BLKGETSIZE64, BLKSSZGET and
 * BLKPBSZGET; a file has 512-byte logical blocks (or the O_DIRECT offset alignment statx reports,
 * if larger) and its {@code st_blksize} as the physical block. O_DIRECT is asked for by default; a
 * file system that refuses it (EINVAL on open, as ramfs does) gets buffered I/O with one warning.
 *
 * <p>Exclusive opens use O_EXCL on block devices, which the kernel refuses with EBUSY while the
 * device is mounted, part of a running md array, or opened exclusively by anyone else; the refusal
 * names who holds it. Regular files take a non-blocking {@code flock(LOCK_EX)}.
 */
public final class LinuxDevices {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxDevices.class);

    private LinuxDevices() {
    }

    /** Opens {@code path} with {@link LinuxOpenOptions#defaults()}. */
    public static LinuxBlockDevice open(Path path) {
        return open(path, LinuxOpenOptions.defaults());
    }

    /** Opens {@code path} exclusively or shared, with the other options at their defaults. */
    public static LinuxBlockDevice open(Path path, boolean exclusive) {
        return open(path, LinuxOpenOptions.defaults().withExclusive(exclusive));
    }

    /** Opens {@code path} as a {@link LinuxDisk}: identity, transport and health through pass-through. */
    public static LinuxDisk openDisk(Path path, LinuxOpenOptions options, org.orion.driver.api.time.NanoClock clock) {
        LinuxBlockDevice device = open(path, options);
        try {
            return LinuxDisk.of(device, clock);
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
    }

    public static LinuxBlockDevice open(Path path, LinuxOpenOptions options) {
        LinuxAbi.requireSupported();
        Path real = resolve(path);
        int mode = fileMode(real);
        MemberKind kind;
        if ((mode & LinuxAbi.S_IFMT) == LinuxAbi.S_IFBLK) {
            kind = MemberKind.BLOCK_DEVICE;
        } else if ((mode & LinuxAbi.S_IFMT) == LinuxAbi.S_IFREG) {
            kind = MemberKind.REGULAR_FILE;
        } else {
            throw new OrionException(ErrorCode.UNSUPPORTED, real + " is neither a regular file nor a block device:"
                    + " give a disk image file or a /dev node such as /dev/sdb");
        }
        String claimKey = claimKey(real, kind);
        if (options.exclusive()) {
            String owner = ExclusiveClaims.claim(claimKey, real.toString());
            if (owner != null) {
                throw new OrionException(ErrorCode.CONFLICT, real + " is already opened exclusively by this process (as "
                        + owner + "): close that device first or choose another one");
            }
        }
        try {
            return openClaimed(path, real, kind, options, options.exclusive() ? claimKey : null);
        } catch (RuntimeException e) {
            if (options.exclusive()) {
                ExclusiveClaims.release(claimKey);
            }
            throw e;
        }
    }

    private static LinuxBlockDevice openClaimed(Path given, Path real, MemberKind kind, LinuxOpenOptions options,
                                                String claimKey) {
        int flags = LinuxAbi.O_RDWR | LinuxAbi.O_CLOEXEC;
        if (kind == MemberKind.BLOCK_DEVICE && options.exclusive()) {
            flags |= LinuxAbi.O_EXCL;
        }
        boolean direct = options.direct();
        int fd = LibC.open(real.toString(), flags | (direct ? LinuxAbi.O_DIRECT : 0), 0);
        if (fd < 0 && direct && Errno.last() == Errno.EINVAL && options.allowBufferedFallback()) {
            LOG.warn("{}: the file system refuses O_DIRECT (EINVAL); using buffered I/O through the page cache", real);
            direct = false;
            fd = LibC.open(real.toString(), flags, 0);
        }
        if (fd < 0) {
            throw openFailure(real, kind, options, Errno.last());
        }
        try {
            if (kind == MemberKind.REGULAR_FILE && options.exclusive()
                    && LibC.flock(fd, LinuxAbi.LOCK_EX | LinuxAbi.LOCK_NB) != 0) {
                int errno = Errno.last();
                throw new OrionException(ErrorCode.CONFLICT, real + " is locked by another process or another open device"
                        + " (flock: " + Errno.name(errno) + "): stop the program using it or open it non-exclusively");
            }
            FileStat stat = StatxLayout.of(fd);
            if (stat == null) {
                throw new OrionException(ErrorCode.IO, real + ": statx failed with " + Errno.describe(Errno.last())
                        + ": check the path and the kernel (statx needs Linux 4.11)");
            }
            if (direct && kind == MemberKind.REGULAR_FILE && stat.dioMemAlignBytes() > 0 && stat.dioOffsetAlignBytes() == 0) {
                if (!options.allowBufferedFallback()) {
                    throw new OrionException(ErrorCode.UNSUPPORTED, real + ": the file system does not support O_DIRECT for"
                            + " this file: allow the buffered fallback or move the file");
                }
                LOG.warn("{}: the file system reports no O_DIRECT support; using buffered I/O through the page cache", real);
                LibC.close(fd);
                fd = LibC.open(real.toString(), flags, 0);
                direct = false;
                if (fd < 0) {
                    throw openFailure(real, kind, options, Errno.last());
                }
                if (options.exclusive() && LibC.flock(fd, LinuxAbi.LOCK_EX | LinuxAbi.LOCK_NB) != 0) {
                    throw new OrionException(ErrorCode.CONFLICT, real + " is locked by another process (flock):"
                            + " stop the program using it or open it non-exclusively");
                }
            }
            return build(given, real, kind, options, fd, direct, stat, claimKey);
        } catch (RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    private static LinuxBlockDevice build(Path given, Path real, MemberKind kind, LinuxOpenOptions options, int fd,
                                          boolean direct, FileStat stat, String claimKey) {
        Optional<Path> sysfsDir = kind == MemberKind.BLOCK_DEVICE ? Sysfs.HOST.deviceDir(stat.rdevId()) : Optional.empty();
        long sizeBytes;
        int logical;
        int physical;
        int memAlign;
        boolean discard = true;
        boolean zeroes = true;
        boolean volatileCache = true;
        if (kind == MemberKind.BLOCK_DEVICE) {
            sizeBytes = BlockIoctls.sizeBytes(fd);
            logical = BlockIoctls.logicalBlockBytes(fd);
            physical = BlockIoctls.physicalBlockBytes(fd);
            if (sizeBytes < 0 || logical < 512) {
                throw new OrionException(ErrorCode.IO, real + ": reading the size and block size (BLKGETSIZE64/BLKSSZGET)"
                        + " failed with " + Errno.describe(Errno.last()) + ": check the device");
            }
            physical = Math.max(physical, logical);
            memAlign = direct ? Math.max(stat.dioMemAlignBytes(), logical) : 1;
            if (sysfsDir.isPresent()) {
                Path queue = Sysfs.diskDirOf(sysfsDir.get()).resolve("queue");
                discard = Sysfs.readLong(queue.resolve("discard_max_bytes")).orElse(0) > 0;
                zeroes = Sysfs.readLong(queue.resolve("write_zeroes_max_bytes")).orElse(0) > 0;
                volatileCache = !Sysfs.read(queue.resolve("write_cache")).orElse("write back").equals("write through");
            }
        } else {
            sizeBytes = stat.sizeBytes();
            logical = direct ? Math.max(512, Math.max(stat.dioOffsetAlignBytes(), hostLogicalBlock(stat))) : 512;
            physical = Math.max(logical, highestPowerOfTwoAtMost(Math.max(stat.blockSizeBytes(), 512)));
            memAlign = direct ? Math.max(stat.dioMemAlignBytes() > 0 ? stat.dioMemAlignBytes() : logical, 1) : 1;
        }
        long capacity = sizeBytes - sizeBytes % logical;
        if (capacity < logical) {
            throw new OrionException(ErrorCode.SIZE, real + " is " + sizeBytes + " bytes, smaller than one " + logical
                    + "-byte block: give it a size first (for a file: truncate -s 64M " + real + ")");
        }
        int maxTransfer = options.maxTransferBytes();
        BlockDeviceInfo info = new BlockDeviceInfo(given.toString(), logical, physical, capacity, maxTransfer,
                volatileCache, discard, zeroes);
        NativeMember member = new NativeMember(given.toString(), real, fd, kind, direct, Integer.highestOneBit(memAlign));
        Runnable release = claimKey == null ? () -> { } : () -> ExclusiveClaims.release(claimKey);
        LOG.debug("{}: opened {} ({} bytes, {}/{} byte blocks, {})", given, kind, capacity, logical, physical,
                direct ? "O_DIRECT" : "buffered");
        return new LinuxBlockDevice(info, member, options, sysfsDir, release);
    }

    /** Logical block size of the disk holding a file, so O_DIRECT on a 4Kn disk uses 4 KiB blocks. */
    private static int hostLogicalBlock(FileStat stat) {
        return Sysfs.HOST.deviceDir(stat.devMajor() + ":" + stat.devMinor())
                .map(dir -> Sysfs.diskDirOf(dir).resolve("queue/logical_block_size"))
                .map(p -> (int) Sysfs.readLong(p).orElse(512))
                .orElse(512);
    }

    private static int highestPowerOfTwoAtMost(int value) {
        return Integer.highestOneBit(value);
    }

    private static Path resolve(Path path) {
        try {
            return path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new OrionException(ErrorCode.NOT_FOUND, path + " does not exist: check the path (for a new member file,"
                    + " create it first, e.g. truncate -s 1G " + path + ")");
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, path + " cannot be resolved (" + e.getMessage() + "): check the path");
        }
    }

    private static int fileMode(Path real) {
        try {
            return (Integer) Files.getAttribute(real, "unix:mode");
        } catch (IOException | UnsupportedOperationException e) {
            throw new OrionException(ErrorCode.IO, real + ": cannot read the file type (" + e.getMessage() + ")");
        }
    }

    private static String claimKey(Path real, MemberKind kind) {
        try {
            if (kind == MemberKind.BLOCK_DEVICE) {
                return "rdev:" + Files.getAttribute(real, "unix:rdev");
            }
            return "file:" + Files.getAttribute(real, "unix:dev") + ":" + Files.getAttribute(real, "unix:ino");
        } catch (IOException | UnsupportedOperationException e) {
            return "path:" + real;
        }
    }

    private static OrionException openFailure(Path real, MemberKind kind, LinuxOpenOptions options, int errno) {
        String what = Errno.describe(errno);
        return switch (errno) {
            case Errno.ENOENT -> new OrionException(ErrorCode.NOT_FOUND, real + " does not exist (" + what + "): check the path");
            case Errno.EBUSY -> new OrionException(ErrorCode.CONFLICT, kind == MemberKind.BLOCK_DEVICE && options.exclusive()
                    ? DeviceHolders.explainBusy(real, sysfsDirOf(real))
                    : real + " is busy (" + what + "): stop whatever is using it");
            case Errno.EACCES, Errno.EPERM -> new OrionException(ErrorCode.IO, real + ": permission denied opening it"
                    + " read-write (" + what + "): run as root or give this user access to the device");
            case Errno.EROFS -> new OrionException(ErrorCode.IO, real + " is read-only (" + what
                    + "): Orion members must be writable; remount read-write or choose another device");
            case Errno.ENXIO, Errno.ENODEV, Errno.ENOMEDIUM -> new OrionException(ErrorCode.NOT_FOUND, real
                    + " has no device behind it (" + what + "): check that the disk is attached");
            case Errno.EINVAL -> new OrionException(ErrorCode.UNSUPPORTED, real + ": open refused (" + what + "); the"
                    + " file system probably does not support O_DIRECT: allow the buffered fallback or move the file");
            default -> new OrionException(ErrorCode.IO, real + ": open failed with " + what + ": check the device");
        };
    }

    private static Optional<Path> sysfsDirOf(Path node) {
        try {
            Object rdev = Files.getAttribute(node, "unix:rdev");
            long dev = ((Number) rdev).longValue();
            // glibc's makedev encoding: major in bits 8..19 and 32..43, minor in bits 0..7 and 20..31.
            long major = ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & 0xfffff000L);
            long minor = (dev & 0xffL) | ((dev >>> 12) & 0xffffff00L);
            return Sysfs.HOST.deviceDir(major + ":" + minor);
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
