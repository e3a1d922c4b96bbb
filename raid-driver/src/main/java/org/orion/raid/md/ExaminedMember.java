package org.orion.raid.md;

import java.util.Objects;

/**
 * What {@code --examine} reports about one member: its superblock plus the facts that live
 * outside it.
 *
 * @param device           the name printed in the header line ({@code /dev/sdb:})
 * @param deviceSectors    the device's size in 512-byte sectors (for "Unused Space ... after=")
 * @param superblock       the superblock as read
 * @param expectedChecksum what the superblock's bytes sum to ("Checksum : ... - correct" when equal)
 * @param bitmapBytes      on-disk size of the internal bitmap, 0 if none or unknown
 * @param badBlocks        the entries of its bad-block log, or null if not read (or it has none)
 */
public record ExaminedMember(String device, long deviceSectors, Superblock1 superblock, int expectedChecksum,
                             long bitmapBytes, ExamineBadBlocks.Listing badBlocks) {
    public ExaminedMember {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(superblock, "superblock");
    }

    /** A member whose superblock was decoded strictly (so its checksum is known to be right). */
    public static ExaminedMember of(String device, long deviceSectors, Superblock1 superblock) {
        return new ExaminedMember(device, deviceSectors, superblock, SuperblockCodec.checksum(superblock), 0, null);
    }

    /** A member as {@link SuperblockLocator} found it. */
    public static ExaminedMember of(String device, long deviceSectors, SuperblockLocator.Found found) {
        return new ExaminedMember(device, deviceSectors, found.superblock(), found.expectedChecksum(), 0, null);
    }

    /** The same member with the entries read from its bad-block log. */
    public ExaminedMember withBadBlocks(ExamineBadBlocks.Listing listing) {
        return new ExaminedMember(device, deviceSectors, superblock, expectedChecksum, bitmapBytes, listing);
    }

    public boolean checksumCorrect() {
        return superblock.checksum() == expectedChecksum;
    }

    /** Free space around the data, as mdadm computes it. */
    public UnusedSpace unusedSpace() {
        return UnusedSpace.of(superblock, deviceSectors, bitmapBytes);
    }
}
