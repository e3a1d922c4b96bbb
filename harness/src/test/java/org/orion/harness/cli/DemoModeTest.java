package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orion demo} run in-process through the real kernel, RAID driver and simulated disks. */
class DemoModeTest {
    @TempDir
    Path dir;

    @Test
    void shouldSurviveLatentErrorsAndTwoFailedMembersWithoutLosingAByte() throws Exception {
        Files.writeString(dir.resolve("orion.toml"), "[kernel]\nlog_level = \"warn\"\n");
        CliRun run = CliRun.run(dir, "demo", "--disk-size", "8MiB", "--seed", "3");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("[4] reassembled with 16 unreadable 4K sectors"), run.out());
        assertTrue(run.out().contains("0 bad sector(s) left"), run.out());
        assertTrue(run.out().contains("failed disk5 too -> still degraded; every byte matches"), run.out());
        assertTrue(run.out().contains("demo OK"), run.out());
        assertTrue(run.out().matches("(?s).*\\[8\\] exported md-demo read-only at nbd://127\\.0\\.0\\.1:\\d+/md-demo; .*"
                + "sha256 [0-9a-f]{8}\\.\\.\\.[0-9a-f]{4} matches the array\\R.*"), run.out());
        boolean nbdcopy = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "nbdcopy")));
        assertTrue(run.out().contains(nbdcopy ? "nbdcopy (libnbd) copied all 32 MiB out"
                : "nbdcopy is not installed, so Orion's built-in NBD client read all 32 MiB"), run.out());
    }

    @Test
    void shouldProveTheNbdExportWithTheBuiltInClientWhenAskedTo() throws Exception {
        Files.writeString(dir.resolve("orion.toml"), "[kernel]\nlog_level = \"warn\"\n");
        CliRun run = CliRun.run(dir, "demo", "--disk-size", "6MiB", "--nbd-client", "builtin");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("; Orion's built-in NBD client read all 24 MiB with 24 READ requests in "), run.out());
        assertTrue(run.out().contains("matches the array"), run.out());
    }

    @Test
    void shouldRefuseAnNbdClientItDoesNotKnow() throws Exception {
        Files.writeString(dir.resolve("orion.toml"), "");
        CliRun run = CliRun.run(dir, "demo", "--nbd-client", "curl");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("--nbd-client takes auto, nbdcopy or builtin"), run.err());
    }

    @Test
    void shouldRefuseADiskSizeThatIsNotASize() throws Exception {
        Files.writeString(dir.resolve("orion.toml"), "");
        CliRun run = CliRun.run(dir, "demo", "--disk-size", "lots");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("--disk-size 'lots' is not a size"), run.err());
    }
}
