package org.orion.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The checker is not a rubber stamp: a wrong expectation fails the scenario, and corruption the
 * array cannot see (silent corruption on a RAID0 member, never scrubbed) is reported as wrong data.
 */
class CheckerCanFailTest {
    @Test
    void shouldPassTheValidScenario() {
        Verdict verdict = SharedEnvironment.runner().run(ScenarioReader.parse(ScenarioTexts.RAID5, "t.toml"));
        assertTrue(verdict.passed(), verdict.reasons().toString());
    }

    @Test
    void shouldFailWhenTheExpectedStateIsWrong() {
        Verdict verdict = SharedEnvironment.runner().run(ScenarioReader.parse(
                ScenarioTexts.raid5With("state = ", "state = \"failed\""), "t.toml"));
        assertFalse(verdict.passed());
        assertTrue(verdict.reasons().get(0).startsWith("expected final state failed, but the array is clean"),
                verdict.reasons().toString());
    }

    @Test
    void shouldFailWhenAnExpectedEventIsNotRaised() {
        Verdict verdict = SharedEnvironment.runner().run(ScenarioReader.parse(
                ScenarioTexts.raid5With("events = ", "events = [\"MismatchesFound\"]"), "t.toml"));
        assertFalse(verdict.passed());
        assertTrue(verdict.reasons().contains("expected event MismatchesFound, but it was not raised"),
                verdict.reasons().toString());
    }

    @Test
    void shouldReportWrongDataWhenARaid0MemberIsSilentlyCorrupted() {
        String text = """
                name = "raid0-silent-corruption"
                [[controllers]]
                name = "sata0"
                disks = ["d0", "d1"]
                disk_size = "3M"
                [array]
                level = 0
                chunk = "16K"
                members = ["d0", "d1"]
                [workload]
                operations = 80
                read_percent = 0
                seed = 4
                [[schedule]]
                at_op = 80
                kind = "silent_corruption"
                disk = "d1"
                offset = "0"
                length = "64K"
                [expect]
                data = "intact"
                """;
        Verdict verdict = SharedEnvironment.runner().run(ScenarioReader.parse(text, "t.toml"));
        assertFalse(verdict.passed(), "silent corruption RAID0 cannot see must not pass");
        assertTrue(verdict.reasons().get(0).contains("returned WRONG DATA"), verdict.reasons().toString());
    }
}
