package org.orion.raid.stripe;

import java.util.List;

/**
 * What a background pass found.
 *
 * @param stripesDone       stripes processed
 * @param mismatchBytes     bytes of member data that did not match (md's mismatch_cnt, in bytes)
 * @param mismatchRanges    array byte ranges {@code [start, end)} of stripes with mismatches, merged,
 *                          at most {@link #MAX_RANGES} (the rest are still counted)
 * @param unreadableStripes stripes skipped because a member could not be read or is missing
 * @param findings          what RAID6 syndromes say about each inconsistent column (which member holds
 *                          the bad bytes), at most {@link #MAX_RANGES}
 * @param lostRanges        a rebuild only: the ranges of its target it could not reconstruct, as
 *                          {@code [start, end)} offsets into the target's data area, merged (what its
 *                          bad-block log must record); empty for the other passes
 */
public record SyncResult(long stripesDone, long mismatchBytes, List<long[]> mismatchRanges, long unreadableStripes,
                         List<Finding> findings, List<long[]> lostRanges) {
    public static final int MAX_RANGES = 1024;

    /**
     * One located inconsistency.
     *
     * @param arrayStartBytes first array byte it concerns
     * @param arrayEndBytes   first array byte after it
     * @param slot            the member whose bytes are wrong, or -1 when the syndromes cannot tell
     * @param what            {@code "data"}, {@code "P"}, {@code "Q"} or {@code "unlocatable"}
     * @param repaired        true if a repair pass rewrote the member's bytes
     */
    public record Finding(long arrayStartBytes, long arrayEndBytes, int slot, String what, boolean repaired) {
    }

    public SyncResult {
        mismatchRanges = List.copyOf(mismatchRanges);
        findings = List.copyOf(findings);
        lostRanges = List.copyOf(lostRanges);
    }

    public SyncResult(long stripesDone, long mismatchBytes, List<long[]> mismatchRanges, long unreadableStripes) {
        this(stripesDone, mismatchBytes, mismatchRanges, unreadableStripes, List.of(), List.of());
    }
}
