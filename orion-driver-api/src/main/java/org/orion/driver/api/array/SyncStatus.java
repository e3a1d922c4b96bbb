package org.orion.driver.api.array;

import java.util.List;

/**
 * A background pass over the array (md's sync_action).
 *
 * @param action         {@code resync}, {@code recover}, {@code check}, {@code repair}, or {@code idle}
 * @param doneBytes      array bytes covered so far
 * @param totalBytes     array bytes the pass covers
 * @param mismatchBytes  member bytes found inconsistent by the last check or repair (md's mismatch_cnt x 512)
 * @param mismatchRanges array byte ranges {@code [start, end)} of the inconsistent stripes (last check or repair)
 */
public record SyncStatus(String action, long doneBytes, long totalBytes, long mismatchBytes, List<long[]> mismatchRanges) {
    public static final SyncStatus IDLE = new SyncStatus("idle", 0, 0, 0, List.of());

    public SyncStatus {
        mismatchRanges = List.copyOf(mismatchRanges);
    }

    public boolean isRunning() {
        return !action.equals("idle");
    }
}
