package org.orion.harness.scenario.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The same spec and seed give the same recording, states and verdicts: the same trace hash. */
class DeterminismTest extends ExplorerTestBase {
    @Test
    void shouldGiveTheSameTraceHashForTheSameSeed() {
        CrashCampaignSpec spec = CrashCampaignSpec.small(6, 5, 31, 3, 7);
        CrashReport first = explorer.run(spec);
        CrashReport second = explorer.run(spec);
        assertEquals(first.traceHash(), second.traceHash());
        assertEquals(first.memberWrites(), second.memberWrites());
        assertEquals(first.tornWrites(), second.tornWrites());
    }

    @Test
    void shouldGiveADifferentTraceHashForAnotherSeed() {
        CrashCampaignSpec spec = CrashCampaignSpec.small(5, 4, 32, 2, 3);
        assertNotEquals(explorer.run(spec).traceHash(), explorer.run(spec.withSeed(33)).traceHash());
    }

    @Test
    void shouldReplayOneStateOfASeed() {
        CrashCampaignSpec spec = CrashCampaignSpec.small(5, 4, 34, 2, 3);
        CrashReport one = CrashStateExplorer.replay(spec, 4);
        assertEquals(1, one.statesChecked());
        assertEquals(explorer.run(spec).memberWrites(), one.memberWrites(), "the replay records the same workload");
    }
}
