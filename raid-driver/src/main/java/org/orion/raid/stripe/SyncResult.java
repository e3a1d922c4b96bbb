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
 */
public record SyncResult(long stripesDone, long mismatchBytes, List<long[]> mismatchRanges, long unreadableStripes) {
    public static final int MAX_RANGES = 1024;

    public SyncResult {
        mismatchRanges = List.copyOf(mismatchRanges);
    }
}
