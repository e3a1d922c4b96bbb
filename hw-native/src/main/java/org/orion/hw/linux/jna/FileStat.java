package org.orion.hw.linux.jna;

/**
 * What {@code statx(2)} says about an open file descriptor.
 *
 * @param mode                 file type and permission bits ({@code S_IFBLK}, {@code S_IFREG}, ...)
 * @param sizeBytes            size of a regular file (0 for block devices: ask BLKGETSIZE64)
 * @param blockSizeBytes       preferred I/O size ({@code st_blksize})
 * @param rdevMajor            device major number of a device node
 * @param rdevMinor            device minor number of a device node
 * @param devMajor             major number of the device holding the file
 * @param devMinor             minor number of the device holding the file
 * @param inode                inode number
 * @param dioMemAlignBytes     O_DIRECT memory alignment, 0 if unknown (kernel before 6.1)
 * @param dioOffsetAlignBytes  O_DIRECT offset/length alignment, 0 if unknown or unsupported
 */
public record FileStat(int mode, long sizeBytes, int blockSizeBytes, int rdevMajor, int rdevMinor, int devMajor,
                       int devMinor, long inode, int dioMemAlignBytes, int dioOffsetAlignBytes) {
    public boolean isBlockDevice() {
        return (mode & LinuxAbi.S_IFMT) == LinuxAbi.S_IFBLK;
    }

    public boolean isRegularFile() {
        return (mode & LinuxAbi.S_IFMT) == LinuxAbi.S_IFREG;
    }

    /** "major:minor" of the device node, as in /sys/dev/block and /proc/self/mountinfo. */
    public String rdevId() {
        return rdevMajor + ":" + rdevMinor;
    }
}
