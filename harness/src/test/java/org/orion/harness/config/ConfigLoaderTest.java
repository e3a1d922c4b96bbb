package org.orion.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.hw.Transport;

class ConfigLoaderTest {
    private static final Path DIR = Path.of("/etc/orion");

    static OrionConfig parse(String text) {
        return ConfigLoader.parse(text, DIR, "test.toml");
    }

    @Test
    void shouldFillEveryDefaultWhenTheFileIsEmpty() {
        OrionConfig config = parse("");
        RaidSettings raid = config.raid();
        assertEquals(32, raid.arrayMaxDevices());
        assertEquals(16L << 40, raid.arrayMaxSizeBytes());
        assertEquals(512 * 1024, raid.arrayChunkBytes());
        assertEquals(256, raid.arrayStripeCacheEntries());
        assertEquals(List.of(0, 1, 4, 5, 6, 10, 50, 60), raid.raidLevelSupport());
        assertEquals(6, raid.raidLevelDefault());
        assertFalse(raid.raidLevelAutoSelect());
        assertEquals(128 * 1024, raid.readAheadBytes());
        assertFalse(raid.writeBackCache());
        assertEquals(64L << 20, raid.writeBackCacheBytes());
        assertEquals(IoScheduler.NONE, raid.ioScheduler());
        assertEquals(RebuildPriority.MEDIUM, raid.rebuildPriority());
        assertEquals(Duration.ZERO, raid.scrubInterval());
        assertEquals(Duration.ZERO, raid.parityCheckInterval());
        assertTrue(raid.hotSpareAutoAllocate());
        assertEquals(DIR.resolve("var"), config.kernel().stateDir());
        assertEquals("warn", config.kernel().logLevel());
        assertEquals("127.0.0.1", config.nbd().listenHost());
        assertEquals(10809, config.nbd().listenPort());
        assertTrue(config.controllers().isEmpty());
        assertTrue(config.arrays().isEmpty());
    }

    @Test
    void shouldReadAFullConfiguration() {
        OrionConfig config = parse("""
                [kernel]
                state_dir = "/srv/orion"
                log_level = "info"

                [raid]
                array_max_devices = 16
                array_max_size = "1TB"
                array_chunk_size = "64KiB"
                array_stripe_cache_size = 1024
                raid_level_support = [1, 5, 6]
                raid_level_default = 5
                raid_level_auto_select = true
                read_ahead_size = "1MB"
                write_back_cache = true
                write_back_cache_size = "128MB"
                io_scheduler = "deadline"
                rebuild_priority = "high"
                scrub_interval = "7d"
                parity_check_interval = "30d"
                hot_spare_auto_allocate = false

                [[controllers]]
                name = "sata0"
                transport = "sata"
                queue_depth = 8
                read_latency_us = 100
                bandwidth = "500MB"
                  [[controllers.disks]]
                  name = "d0"
                  size = "256MB"
                  [[controllers.disks]]
                  name = "d1"
                  size = 268435456
                  backing = "heap"
                  volatile_cache = false
                  [[controllers.disks]]
                  name = "d2"
                  size = "256MiB"
                  logical_block = 4096
                  path = "images/d2.img"

                [[controllers]]
                name = "nvme0"
                transport = "nvme"
                latency = "zero"
                disks = [ { name = "n0", size = "1GB" } ]

                [[arrays]]
                name = "md0"
                members = ["sata0/d0", "sata0/d1", "sata0/d2"]
                spares = ["nvme0/n0"]

                [nbd]
                listen = "[::1]:10810"
                unix_socket = "run/nbd.sock"
                export = "md0"
                """);
        assertEquals(Path.of("/srv/orion"), config.kernel().stateDir());
        RaidSettings raid = config.raid();
        assertEquals(64 * 1024, raid.arrayChunkBytes());
        assertEquals(List.of(1, 5, 6), raid.raidLevelSupport());
        assertEquals(IoScheduler.DEADLINE, raid.ioScheduler());
        assertEquals(RebuildPriority.HIGH, raid.rebuildPriority());
        assertEquals(Duration.ofDays(7), raid.scrubInterval());
        assertEquals(Duration.ofDays(30), raid.parityCheckInterval());

        ControllerSpec sata = config.controllers().get(0);
        assertEquals(Transport.SATA, sata.transport());
        assertEquals(OptionalInt.of(8), sata.queueDepth());
        assertEquals(100_000, sata.latency().readBaseNanos().getAsLong());
        assertEquals(500L << 20, sata.latency().bytesPerSecond().getAsLong());
        DiskSpec d0 = sata.disks().get(0);
        assertEquals(256L << 20, d0.capacityBytes());
        assertEquals(512, d0.logicalBlockBytes());
        assertEquals(4096, d0.physicalBlockBytes());
        assertEquals(DiskSpec.Backing.FILE, d0.backing());
        assertEquals(Path.of("/srv/orion/disks/sata0-d0.img"), d0.backingFile());
        assertTrue(d0.volatileCache());
        DiskSpec d1 = sata.disks().get(1);
        assertEquals(DiskSpec.Backing.HEAP, d1.backing());
        assertNull(d1.backingFile());
        assertFalse(d1.volatileCache());
        DiskSpec d2 = sata.disks().get(2);
        assertEquals(4096, d2.logicalBlockBytes());
        assertEquals(DIR.resolve("images/d2.img"), d2.backingFile());
        assertEquals("sata0/d2", sata.deviceName(d2));

        ControllerSpec nvme = config.controllers().get(1);
        assertTrue(nvme.latency().zero());
        assertEquals(1L << 30, nvme.disks().get(0).capacityBytes());

        ArraySpec md0 = config.arrays().get(0);
        assertEquals(5, md0.level());
        assertEquals(64 * 1024, md0.chunkBytes());
        assertEquals("left-symmetric", md0.layout());
        assertEquals(List.of("nvme0/n0"), md0.spares());
        assertEquals(ArraySpec.CreatePolicy.NEVER, md0.create());

        assertEquals("::1", config.nbd().listenHost());
        assertEquals(10810, config.nbd().listenPort());
        assertEquals(Optional.of(DIR.resolve("run/nbd.sock")), config.nbd().unixSocket());
        assertEquals(Optional.of("md0"), config.nbd().exportName());
    }

    @Test
    void shouldAcceptNestedLevelsWithEqualLegs() {
        OrionConfig config = parse(disks("s", 8) + """
                [[arrays]]
                name = "md60"
                level = 60
                legs = 2
                members = ["s/d0", "s/d1", "s/d2", "s/d3", "s/d4", "s/d5", "s/d6", "s/d7"]
                create = "on-first-start"
                """);
        ArraySpec md60 = config.arrays().get(0);
        assertEquals(2, md60.legs());
        assertEquals(ArraySpec.CreatePolicy.ON_FIRST_START, md60.create());
    }

    @Test
    void shouldLoadAFileAndResolvePathsAgainstItsDirectory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("orion.toml");
        Files.writeString(file, "[kernel]\nstate_dir = \"state\"\n");
        assertEquals(dir.resolve("state"), ConfigLoader.load(file, "orion.toml").kernel().stateDir());
    }

    @Test
    void shouldSayHowToFixAMissingFile(@TempDir Path dir) {
        OrionException e = assertThrows(OrionException.class,
                () -> ConfigLoader.load(dir.resolve("nope.toml"), "nope.toml"));
        assertEquals(ErrorCode.CONFIG, e.code());
        assertEquals("nope.toml: no such configuration file (check the name passed with --config or in ORION_CONFIG)", e.getMessage());
    }

    @Test
    void shouldLoadTheRepositoryDefaultConfiguration() {
        Path repoConfig = Path.of("").toAbsolutePath().getParent().resolve("orion.toml");
        OrionConfig config = ConfigLoader.load(repoConfig, "orion.toml");
        assertEquals(2, config.controllers().size());
        assertEquals(6, config.controllers().get(0).disks().size());
        assertEquals(1, config.controllers().get(1).disks().size());
        assertEquals(repoConfig.getParent().resolve("var"), config.kernel().stateDir());
    }

    /** A SATA controller named {@code name} with {@code count} 16 MiB heap disks d0.. */
    static String disks(String name, int count) {
        StringBuilder out = new StringBuilder("[[controllers]]\nname = \"" + name + "\"\ntransport = \"sata\"\n");
        for (int i = 0; i < count; i++) {
            out.append("[[controllers.disks]]\nname = \"d").append(i).append("\"\nsize = \"16MB\"\nbacking = \"heap\"\n");
        }
        return out.toString();
    }
}
