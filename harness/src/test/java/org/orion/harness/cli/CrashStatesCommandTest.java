package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orion scenario crash-states}: crash states and the write-hole probe from the command line. */
class CrashStatesCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldCheckCrashStatesOfEachSeedAndSummarise() {
        CliRun run = CliRun.run(dir, "scenario", "crash-states", "--seeds", "2", "--seed", "4", "--levels", "5,1",
                "--states", "4");
        assertEquals(0, run.status(), run.out() + run.err());
        assertTrue(run.out().contains("crash-states: seeds 4..5 over levels [5, 1]: 2 passed, 0 failed, 8 crash states"
                + " checked"), run.out());
    }

    @Test
    void shouldPrintOneSeedsReportAndAVersionedJsonDocument() {
        CliRun text = CliRun.run(dir, "scenario", "crash-states", "--seeds", "1", "--seed", "7", "--levels", "6",
                "--states", "3");
        assertEquals(0, text.status(), text.out() + text.err());
        assertTrue(text.out().startsWith("PASS  raid6 x5 seed 7: 3/3 crash states checked"), text.out());

        CliRun json = CliRun.run(dir, "scenario", "crash-states", "--seeds", "1", "--seed", "7", "--levels", "6",
                "--states", "3", "--json");
        assertEquals(0, json.status(), json.err());
        assertTrue(json.out().startsWith("{\n  \"schema\": \"orion.scenario.crash-states/1\",\n  \"passed\": true,"),
                json.out());
        String hash = text.out().replaceAll("(?s).*trace ([0-9a-f]+).*", "$1");
        assertTrue(json.out().contains("\"trace_hash\": \"" + hash + "\""), "same seed, same trace hash: " + json.out());
    }

    @Test
    void shouldShowTheWriteHoleIsRefusedWithoutForce() {
        CliRun run = CliRun.run(dir, "scenario", "crash-states", "--write-hole", "--seeds", "1", "--seed", "3",
                "--levels", "5", "--states", "3", "--json");
        assertEquals(0, run.status(), run.out() + run.err());
        assertTrue(run.out().contains("\"mode\": \"write-hole\""), run.out());
        assertTrue(run.out().contains("\"states\": 3,\n      \"refused_without_force\": 3,"), run.out());
    }

    @Test
    void shouldRefuseTheWriteHoleProbeOnRaid0AndAZeroStateCount() {
        CliRun raid0 = CliRun.run(dir, "scenario", "crash-states", "--write-hole", "--seeds", "1", "--levels", "0");
        assertEquals(2, raid0.status());
        assertTrue(raid0.err().startsWith("orion: --write-hole needs a redundant level"), raid0.err());

        CliRun zero = CliRun.run(dir, "scenario", "crash-states", "--seeds", "1", "--states", "0");
        assertEquals(2, zero.status());
        assertTrue(zero.err().startsWith("orion: --states 0 is out of range (1..10000)"), zero.err());

        CliRun noSeeds = CliRun.run(dir, "scenario", "crash-states");
        assertEquals(2, noSeeds.status());
        assertTrue(noSeeds.err().startsWith("orion: crash-states needs --seeds N"), noSeeds.err());
    }
}
