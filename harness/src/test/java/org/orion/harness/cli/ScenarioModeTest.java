package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orion scenario}: exit statuses, one-line errors for bad files, and the JSON documents. */
class ScenarioModeTest {
    private static final String GOOD = """
            name = "tiny"
            [[controllers]]
            name = "sata0"
            disks = ["d0", "d1"]
            disk_size = "2M"
            [array]
            level = 1
            members = ["d0", "d1"]
            [workload]
            operations = 40
            """;

    @TempDir
    Path dir;

    @Test
    void shouldPrintPassAndExitZeroForAPassingScenario() throws IOException {
        Files.writeString(dir.resolve("tiny.toml"), GOOD);
        CliRun run = CliRun.run(dir, "scenario", "run", "tiny.toml");
        assertEquals(0, run.status(), run.err() + run.out());
        assertTrue(run.out().startsWith("PASS  tiny"), run.out());
        assertTrue(run.out().contains("1 scenario(s): 1 passed, 0 failed"), run.out());
    }

    @Test
    void shouldExitOneWhenAScenarioFails() throws IOException {
        Files.writeString(dir.resolve("wrong.toml"), GOOD + "[expect]\nstate = \"degraded\"\n");
        CliRun run = CliRun.run(dir, "scenario", "run", "wrong.toml");
        assertEquals(1, run.status(), run.out());
        assertTrue(run.out().contains("FAIL  tiny"), run.out());
        assertTrue(run.out().contains("expected final state degraded, but the array is clean"), run.out());
    }

    @Test
    void shouldRefuseABadFileWithItsLineBeforeRunningAnything() throws IOException {
        Files.writeString(dir.resolve("tiny.toml"), GOOD);
        Files.writeString(dir.resolve("bad.toml"), GOOD.replace("level = 1", "level = 1\nspeed = 3"));
        CliRun run = CliRun.run(dir, "scenario", "run", "tiny.toml", "bad.toml");
        assertEquals(3, run.status());
        assertEquals("", run.out(), "nothing ran");
        assertEquals("orion: bad.toml:8: [array] unknown key 'speed' (allowed: name, level, layout, chunk, members, "
                + "spares, assume_clean)\n", run.err());
    }

    @Test
    void shouldSayWhenAScenarioFileIsMissing() {
        CliRun run = CliRun.run(dir, "scenario", "run", "nope.toml");
        assertEquals(4, run.status());
        assertTrue(run.err().startsWith("orion: nope.toml: no such scenario file"), run.err());
    }

    @Test
    void shouldPrintAVersionedJsonDocument() throws IOException {
        Files.writeString(dir.resolve("tiny.toml"), GOOD);
        CliRun run = CliRun.run(dir, "scenario", "run", "--json", "tiny.toml");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("{\n  \"schema\": \"orion.scenario.run/1\",\n  \"passed\": true,"), run.out());
        assertTrue(run.out().contains("\"trace_hash\": \""), run.out());
    }

    @Test
    void shouldRunOneCampaignSeedAndPrintItsReplayableSummary() {
        CliRun run = CliRun.run(dir, "scenario", "campaign", "--seeds", "2", "--seed", "11", "--levels", "1,5", "--json");
        assertEquals(0, run.status(), run.out() + run.err());
        assertTrue(run.out().contains("\"schema\": \"orion.scenario.campaign/1\""), run.out());
        assertTrue(run.out().contains("\"first_seed\": 11"), run.out());
    }

    @Test
    void shouldRefuseABadLevelList() {
        CliRun run = CliRun.run(dir, "scenario", "campaign", "--seeds", "1", "--levels", "5,7");
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("orion: --levels: '7' is not one of 0, 1, 4, 5, 6, 10"), run.err());
    }

    @Test
    void shouldRefuseAnUnknownCampaignProfile() {
        CliRun run = CliRun.run(dir, "scenario", "campaign", "--seeds", "1", "--profile", "huge");
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("orion: --profile must be small or large, got 'huge'"), run.err());
    }

    @Test
    void shouldRunALargeProfileSeedAndNameTheProfileInItsSummary() {
        CliRun run = CliRun.run(dir, "scenario", "campaign", "--seeds", "1", "--seed", "7", "--levels", "6",
                "--profile", "large");
        assertEquals(0, run.status(), run.out() + run.err());
        assertTrue(run.out().contains("campaign: seeds 7..7 over levels 6, profile large: 1 passed"), run.out());
    }
}
