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
    }

    @Test
    void shouldRefuseADiskSizeThatIsNotASize() throws Exception {
        Files.writeString(dir.resolve("orion.toml"), "");
        CliRun run = CliRun.run(dir, "demo", "--disk-size", "lots");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("--disk-size 'lots' is not a size"), run.err());
    }
}
