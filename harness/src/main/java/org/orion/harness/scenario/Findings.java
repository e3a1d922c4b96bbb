package org.orion.harness.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run found so far: violations of the guarantee (each a reason the run fails), and the
 * requests that failed where failing was allowed. Runner thread only.
 */
final class Findings {
    /** More reasons than this are counted, not kept: the first few tell the story. */
    private static final int MAX_REASONS = 8;

    private final List<String> reasons = new ArrayList<>();
    private final List<long[]> failedRanges = new ArrayList<>();
    private int droppedReasons;
    long wrongSectors;
    long failedRequests;

    void violation(String reason) {
        if (reasons.size() < MAX_REASONS) {
            reasons.add(reason);
        } else {
            droppedReasons++;
        }
    }

    /** A request over array bytes {@code [start, end)} failed where that was tolerated. */
    void toleratedFailure(long startBytes, long endBytes) {
        failedRequests++;
        failedRanges.add(new long[] {startBytes, endBytes});
    }

    List<long[]> failedRanges() {
        return failedRanges;
    }

    boolean hasViolations() {
        return !reasons.isEmpty();
    }

    List<String> reasons() {
        List<String> out = new ArrayList<>(reasons);
        if (droppedReasons > 0) {
            out.add("... and " + droppedReasons + " more violation(s)");
        }
        return out;
    }
}
