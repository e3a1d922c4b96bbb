package org.orion.hw.linux;

/** What a {@link LinuxBlockDevice} sits on; it decides how sizes are read and how DISCARD/WRITE_ZEROES are done. */
public enum MemberKind {
    /** A regular file: size from statx, DISCARD and WRITE_ZEROES through fallocate. */
    REGULAR_FILE,
    /** A block device node: size and block sizes from ioctls, DISCARD and WRITE_ZEROES through BLKDISCARD/BLKZEROOUT. */
    BLOCK_DEVICE
}
