package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.hw.DiskIdentity;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.hw.sim.SimPersonality;

class HwListTest {
    private static final String CONFIG = """
            [[controllers]]
            name = "sata9"
            transport = "sata"
            latency = "zero"
              [[controllers.disks]]
              name = "d0"
              size = "16MB"
              backing = "heap"

            [[controllers]]
            name = "nvme9"
            transport = "nvme"
            latency = "zero"
              [[controllers.disks]]
              name = "n0"
              size = "1536MB"
              logical_block = 4096
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void writeConfig() throws IOException {
        Files.writeString(dir.resolve("orion.toml"), CONFIG);
    }

    @Test
    void shouldListControllersAndDisksAsTables() {
        CliRun run = CliRun.run(dir, "hw", "list");
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(List.of("CONTROLLER", "TRANSPORT", "MODEL", "FIRMWARE", "QUEUE", "DISKS"), words(lines.get(0)));
        assertTrue(lines.get(1).startsWith("sata9       sata       ORION SIM AHCI"), lines.get(1));
        assertTrue(lines.get(1).endsWith("32     1"), lines.get(1));
        assertTrue(lines.get(2).startsWith("nvme9       nvme"), lines.get(2));
        assertEquals("", lines.get(3));
        assertEquals(List.of("DEVICE", "TRANSPORT", "MODEL", "SERIAL", "CAPACITY", "BYTES", "LOGICAL", "PHYSICAL",
                "BACKING", "HEALTH"), words(lines.get(4)));
        String sataSerial = SimPersonality.SATA.diskIdentity("sata9", "d0").serial();
        String nvmeSerial = SimPersonality.NVME.diskIdentity("nvme9", "n0").serial();
        assertTrue(words(lines.get(5)).containsAll(List.of("sata9/d0", "sata", sataSerial, "16", "MiB", "16777216",
                "512", "4096", "heap", "PASSED")), lines.get(5));
        assertTrue(words(lines.get(6)).containsAll(List.of("nvme9/n0", "nvme", nvmeSerial, "1.5", "GiB", "1610612736",
                "4096", "4096", "file", "PASSED")), lines.get(6));
        assertEquals("", lines.get(7));
        assertTrue(lines.get(8).startsWith(HostDevicesTable.TITLE + ":"), "then the host's own devices: " + lines.get(8));
    }

    @Test
    void shouldListTheSameFactsAsAVersionedJsonDocument() {
        CliRun run = CliRun.run(dir, "hw", "list", "--json");
        assertEquals(0, run.status(), run.err());
        String json = run.out();
        DiskIdentity nvme = SimPersonality.NVME.diskIdentity("nvme9", "n0");
        assertTrue(json.startsWith("{\n  \"schema\": \"orion.hw.list/1\",\n  \"controllers\": [\n"), json);
        for (String expected : List.of(
                "\"name\": \"sata9\"", "\"transport\": \"sata\"", "\"queue_depth\": 32",
                "\"device\": \"sata9/d0\"", "\"capacity_bytes\": 16777216", "\"capacity\": \"16 MiB\"",
                "\"backing\": \"heap\"", "\"path\": \"\"",
                "\"device\": \"nvme9/n0\"", "\"serial\": \"" + nvme.serial() + "\"", "\"wwn\": \"" + nvme.wwn() + "\"",
                "\"capacity_bytes\": 1610612736", "\"logical_block_bytes\": 4096", "\"physical_block_bytes\": 4096",
                "\"backing\": \"file\"", "\"path\": \"" + dir.resolve("var/disks/nvme9-n0.img") + "\"",
                "\"verdict\": \"PASSED\"", "\"media_errors\": 0")) {
            assertTrue(json.contains(expected), expected + " in\n" + json);
        }
        assertTrue(json.contains("\n  \"host\": ["), "the host's devices are an added field: " + json);
        assertEquals(json.chars().filter(c -> c == '{').count(), json.chars().filter(c -> c == '}').count());
        assertTrue(json.endsWith("}\n"));
    }

    @Test
    void shouldCreateTheImageOfAFileDiskUnderTheStateDirectory() {
        CliRun.run(dir, "hw", "list");
        assertTrue(Files.isRegularFile(dir.resolve("var/disks/nvme9-n0.img")));
    }

    @Test
    void shouldFindTheConfigurationThroughOrionConfigAndResolveItAgainstTheWorkingDirectory() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("etc"));
        Files.move(dir.resolve("orion.toml"), sub.resolve("mine.toml"));
        CliRun run = CliRun.run(dir, Map.of("ORION_CONFIG", "etc/mine.toml"), "hw", "list", "--json");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains(sub.resolve("var/disks/nvme9-n0.img").toString()), "state_dir is beside the file");
        CliRun flag = CliRun.run(dir, "--config", "etc/mine.toml", "hw", "list");
        assertEquals(0, flag.status(), flag.err());
    }

    @Test
    void shouldSayWhereTheDefaultConfigurationIsWhenThereIsNoneHere() throws IOException {
        Files.delete(dir.resolve("orion.toml"));
        CliRun run = CliRun.run(dir, Map.of("ORION_HOME", "/opt/orion"), "hw", "list");
        assertEquals(3, run.status());
        assertEquals("orion: no orion.toml in " + dir + ": pass --config FILE or set ORION_CONFIG (the default is "
                + "/opt/orion/orion.toml)\n", run.err());
    }

    @Test
    void shouldReportABadConfigurationInOneLineWithExitThreeAndNoStackTrace() throws IOException {
        Files.writeString(dir.resolve("bad.toml"), "[raid]\narray_chunk_size = \"500KB\"\n");
        CliRun run = CliRun.run(dir, "--config", "bad.toml", "hw", "list");
        assertEquals(3, run.status());
        assertEquals("orion: bad.toml:2: [raid] array_chunk_size = \"500KB\" is not a power of two "
                + "(allowed: 4KiB..64MiB, a power of two)\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldPrintTheStackTraceOnlyWithDebug() throws IOException {
        Files.writeString(dir.resolve("bad.toml"), "[raid]\nio_scheduler = \"cfq\"\n");
        CliRun run = CliRun.run(dir, "hw", "list", "--config=bad.toml", "--debug");
        assertEquals(3, run.status());
        assertTrue(run.err().startsWith("orion: bad.toml:2: [raid] io_scheduler = \"cfq\" is not a known value"));
        assertTrue(run.err().contains("\tat org.orion.harness.config."), run.err());
    }

    @Test
    void shouldJudgeHealthFromTheDisksOwnVerdictAndItsErrorCounters() {
        assertEquals("PASSED", HwMode.verdict(HealthSnapshot.healthy(0)));
        assertEquals("WARNING", HwMode.verdict(new HealthSnapshot(0, true, 0, 3, 0, 0, -1, -1, -1)));
        assertEquals("FAILED", HwMode.verdict(new HealthSnapshot(0, false, 0, 0, 0, 0, -1, -1, -1)));
        assertFalse(HwMode.verdict(HealthSnapshot.healthy(0)).isEmpty());
    }

    private static List<String> words(String line) {
        return List.of(line.trim().split("\\s+"));
    }
}
