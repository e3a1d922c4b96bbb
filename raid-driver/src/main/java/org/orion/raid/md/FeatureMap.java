package org.orion.raid.md;

import java.util.ArrayList;
import java.util.List;

/**
 * The bits of a 1.x superblock's {@code feature_map} (md-format.md §1.3). The kernel refuses a
 * superblock carrying any bit outside {@link #KNOWN}, since such a bit means a newer md wrote a
 * field this code would misread.
 */
public final class FeatureMap {
    /** {@code bitmap_offset} is valid: the array has an internal write-intent bitmap. */
    public static final int BITMAP_OFFSET = 1;
    /** This member is partially rebuilt; {@code recovery_offset} says how far. */
    public static final int RECOVERY_OFFSET = 2;
    /** A reshape is in progress: {@code new_level}, {@code reshape_position}, ... are valid. */
    public static final int RESHAPE_ACTIVE = 4;
    /** The bad-block log is not empty. */
    public static final int BAD_BLOCKS = 8;
    /** This member replaces the active member holding the same role. */
    public static final int REPLACEMENT = 16;
    /** The reshape runs from the end to the start although {@code delta_disks} is 0. */
    public static final int RESHAPE_BACKWARDS = 32;
    /** {@code new_offset} is valid for the reshape. */
    public static final int NEW_OFFSET = 64;
    /** Recovery is guided by the bitmap (a re-added member). */
    public static final int RECOVERY_BITMAP = 128;
    /** md-cluster. */
    public static final int CLUSTERED = 256;
    /** The array has a RAID4/5/6 write journal device. */
    public static final int JOURNAL = 512;
    /** One partial-parity log; {@code bitmap_offset} holds {@code ppl.offset}/{@code ppl.size}. */
    public static final int PPL = 1024;
    /** Several partial-parity logs in the PPL area. */
    public static final int MULTIPLE_PPLS = 2048;
    /** {@code layout} is meaningful for RAID0. */
    public static final int RAID0_LAYOUT = 4096;

    /** Every bit a current kernel understands (its {@code MD_FEATURE_ALL}). */
    public static final int KNOWN = 0x1fff;

    private static final String[] NAMES = {"bitmap_offset", "recovery_offset", "reshape_active", "bad_blocks",
        "replacement", "reshape_backwards", "new_offset", "recovery_bitmap", "clustered", "journal", "ppl",
        "multiple_ppls", "raid0_layout"};

    private FeatureMap() {
    }

    /** True if either PPL bit is set: then bytes 96..99 are {@code ppl.offset}/{@code ppl.size}. */
    public static boolean anyPpl(int featureMap) {
        return (featureMap & (PPL | MULTIPLE_PPLS)) != 0;
    }

    /** Lower-case names of the set bits, lowest first; unknown bits as {@code bit<N>}. */
    public static List<String> names(int featureMap) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 32; bit++) {
            if ((featureMap & (1 << bit)) != 0) {
                names.add(bit < NAMES.length ? NAMES[bit] : "bit" + bit);
            }
        }
        return names;
    }
}
