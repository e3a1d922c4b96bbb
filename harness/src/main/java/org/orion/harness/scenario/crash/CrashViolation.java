package org.orion.harness.scenario.crash;

/**
 * One broken guarantee in one crash state.
 *
 * @param seed       the spec's seed; with {@code stateIndex} it rebuilds exactly this state
 * @param stateIndex which state of the exploration
 * @param state      the state in words (kind, crash point, writes kept and torn)
 * @param problem    what was wrong, one line
 */
public record CrashViolation(long seed, int stateIndex, String state, String problem) {
    /** One line: seed, state and problem, and how to replay it. */
    public String describe() {
        return "seed " + seed + " " + state + ": " + problem + " [replay: CrashStateExplorer.replay(spec with seed "
                + seed + ", " + stateIndex + ")]";
    }
}
