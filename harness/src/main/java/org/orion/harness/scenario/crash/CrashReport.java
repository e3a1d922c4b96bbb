package org.orion.harness.scenario.crash;

import java.util.List;

/**
 * What a crash-state exploration found.
 *
 * @param spec            what was explored
 * @param statesBuilt     crash states whose member images were built
 * @param statesChecked   states that were assembled and checked to a verdict
 * @param tornWrites      member writes kept only in part, over all states
 * @param memberWrites    member writes recorded (superblocks included)
 * @param memberFlushes   member flushes recorded
 * @param clientWrites    client writes in the workload
 * @param clientFlushes   client flushes in the workload
 * @param violations      every broken guarantee, one per state and problem
 * @param traceHash       hash of the recording (member write places and data bytes, flushes, client
 *                        requests) and of every state's choices and verdict: the same spec and seed
 *                        give the same hash. Superblock bytes enter only by place and size, as they
 *                        carry a random array UUID and wall-clock times.
 * @param elapsedNanos    wall time of the exploration (not part of the hash)
 */
public record CrashReport(CrashCampaignSpec spec, int statesBuilt, int statesChecked, int tornWrites, int memberWrites,
                          int memberFlushes, int clientWrites, int clientFlushes, List<CrashViolation> violations,
                          String traceHash, long elapsedNanos) {
    public CrashReport {
        violations = List.copyOf(violations);
    }

    public boolean passed() {
        return violations.isEmpty() && statesChecked == statesBuilt;
    }

    /** One line for a campaign summary. */
    public String summary() {
        return String.format("raid%d x%d seed %d: %d/%d crash states checked (%d torn writes), %d violation(s),"
                        + " trace %s, %d ms", spec.level(), spec.members(), spec.seed(), statesChecked, statesBuilt,
                tornWrites, violations.size(), traceHash, elapsedNanos / 1_000_000);
    }
}
