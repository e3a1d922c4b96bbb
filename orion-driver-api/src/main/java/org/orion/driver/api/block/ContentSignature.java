package org.orion.driver.api.block;

/**
 * Something recognisable found on a device: an md superblock or a file system, swap or partition
 * table signature.
 *
 * @param kind        short name ("md 1.2", "ext2/3/4", "xfs", "btrfs", "swap", "gpt", "lvm2")
 * @param offsetBytes where the magic was found
 */
public record ContentSignature(String kind, long offsetBytes) {
    /** True for md superblock signatures (the RAID driver's own business). */
    public boolean isMdSuperblock() {
        return kind.startsWith("md");
    }

    /** "an md 1.2 superblock at byte 4096" */
    public String describe() {
        String what = kind.startsWith("md") ? "an " + kind + " superblock"
                : kind.equals("gpt") ? "a GPT partition table"
                : kind.equals("lvm2") ? "an LVM2 physical volume label"
                : kind.equals("dos") ? "a DOS partition table"
                : kind.equals("swap") ? "a swap signature" : "an " + kind + " file system";
        return what + " at byte " + offsetBytes;
    }
}
