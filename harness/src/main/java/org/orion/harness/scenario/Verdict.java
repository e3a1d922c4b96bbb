package org.orion.harness.scenario;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one scenario or campaign seed.
 *
 * @param name            scenario name
 * @param source          file name, or {@code campaign seed N}
 * @param passed          every expectation held and no read returned wrong data
 * @param reasons         why it failed (empty when it passed); the first is the most telling
 * @param traceHash       hash of the ordered applied steps and request outcomes (see {@link TraceLog})
 * @param operations      client requests run (workload, rewrites and the final read-back)
 * @param elapsedNanos    wall time of the run
 * @param finalState      the array's state at the end ({@code clean}, {@code degraded}, {@code failed},
 *                        {@code refused} when assembly was refused, {@code none} if it never existed)
 * @param faults          per fault class: how many were injected, how many the array survived within
 *                        its redundancy, how many struck beyond it (and had to fail cleanly), and
 *                        how many the array reported (its events or an error)
 * @param eventKinds      every event kind the array raised, in first-seen order
 * @param plan            the scenario in one line: array and schedule, for reports
 */
public record Verdict(String name, String source, boolean passed, List<String> reasons, String traceHash,
                      long operations, long elapsedNanos, String finalState, Map<String, FaultTally> faults,
                      List<String> eventKinds, String plan) {
    public Verdict {
        reasons = List.copyOf(reasons);
        faults = Map.copyOf(faults);
        eventKinds = List.copyOf(eventKinds);
    }

    /** What happened to the faults of one class in one run. */
    public record FaultTally(int injected, int survived, int beyondRedundancy, int detected) {
        public FaultTally plus(FaultTally other) {
            return new FaultTally(injected + other.injected, survived + other.survived,
                    beyondRedundancy + other.beyondRedundancy, detected + other.detected);
        }
    }
}
