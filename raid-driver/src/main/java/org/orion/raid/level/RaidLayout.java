package org.orion.raid.level;

/**
 * How one RAID level (with its md layout number, chunk size and member count) places array bytes
 * on members. Pure arithmetic, immutable and thread-safe; the data path is written against this
 * interface alone and never switches on the level number.
 *
 * <p>Addresses here are relative to each member's data area (md's data_offset is added by the
 * caller). Sizes are in bytes; md's sector values are {@code bytes >>> 9}.
 */
public interface RaidLayout {
    /** md level number as stored in the superblock (0, 1, 4, 5, 6, 10). */
    int level();

    /** md layout number as stored in the superblock (algorithm, RAID10 word, RAID0 layout). */
    int layout();

    /** Human name, mdadm style: {@code "raid6"}. */
    String levelName();

    /** mdadm's name of the layout ({@code "left-symmetric"}, {@code "near=2"}), or empty if the level has none. */
    String layoutName();

    /** Members (md raid_disks). */
    int members();

    /** md chunk size in bytes (for RAID1, the virtual stripe unit the data path uses). */
    int chunkBytes();

    /** Bytes of each member's data area the array uses (md's per-member "size"). */
    long memberDataBytes();

    /** Usable array size. */
    long arrayBytes();

    /** Member failures the array is guaranteed to survive (RAID10: copies - 1; RAID0: 0). */
    int redundancy();

    /** Data blocks per stripe (D); each is {@link #chunkBytes()} long. */
    int dataBlocksPerStripe();

    /** 0 (RAID0/1/10), 1 (RAID4/5) or 2 (RAID6). */
    int parityBlocks();

    /** Largest {@link StripeMap#copies} this layout produces. */
    int maxCopies();

    /**
     * True when every member holds the whole array at the same offsets (RAID1): a read of any
     * length is then one contiguous range of any one member.
     */
    default boolean wholeCopies() {
        return false;
    }

    /** Array bytes covered by one stripe: {@code dataBlocksPerStripe() * chunkBytes()}. */
    default long stripeBytes() {
        return (long) dataBlocksPerStripe() * chunkBytes();
    }

    /** Number of stripes: {@code arrayBytes() / stripeBytes()} (exact). */
    default long stripeCount() {
        return arrayBytes() / stripeBytes();
    }

    /** A map with room for this layout's stripes. */
    default StripeMap newStripeMap() {
        return new StripeMap(dataBlocksPerStripe(), maxCopies());
    }

    /** Fills {@code out} with where stripe {@code stripe} lives. Allocation-free. */
    void map(long stripe, StripeMap out);

    /**
     * Whether the array can serve every address with the given members missing
     * ({@code missing[i]} true = member i absent or faulty). For parity levels that means at most
     * {@link #parityBlocks()} missing; for mirrors that every block keeps one copy.
     */
    boolean survives(boolean[] missing);
}
