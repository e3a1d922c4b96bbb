package org.orion.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.spi.DriverConfig;

class MapDriverConfigTest {
    @Test
    void shouldAnswerOnlyForTheTypeAKeyHas() {
        DriverConfig config = new MapDriverConfig(Map.of("name", "md0", "chunk", 65536L, "fast", true));
        assertEquals(Optional.of("md0"), config.string("name"));
        assertEquals(Optional.empty(), config.integer("name"));
        assertEquals(Optional.of(65536L), config.sizeBytes("chunk"));
        assertEquals(Optional.of(65536L), config.integer("chunk"));
        assertEquals(Optional.of(true), config.bool("fast"));
        assertEquals(Optional.empty(), config.string("missing"));
    }

    @Test
    void shouldViewTheKeysUnderADottedPrefixAsASection() {
        DriverConfig config = new MapDriverConfig(Map.of("arrays.md0.level", 6L, "arrays.md1.level", 1L, "x", 1L));
        DriverConfig md0 = config.section("arrays").section("md0");
        assertEquals(Set.of("level"), md0.keys());
        assertEquals(Optional.of(6L), md0.integer("level"));
        assertTrue(config.section("nothing").keys().isEmpty());
    }

    @Test
    void shouldGiveTheRaidDriverEveryRaidKeyWithDefaultsAndItsArrays() {
        OrionConfig config = ConfigLoader.parse(ConfigLoaderTest.disks("s", 4) + """
                [[arrays]]
                name = "md0"
                level = 6
                members = ["s/d0", "s/d1", "s/d2", "s/d3"]
                """, Path.of("/etc/orion"), "test.toml");
        DriverConfig raid = config.driverConfig("raid");
        for (String key : RaidSectionReader.KEYS) {
            assertTrue(raid.keys().contains(key), key + " is in the raid driver's view");
        }
        assertEquals(Optional.of(512L * 1024), raid.sizeBytes("array_chunk_size"));
        assertEquals(Optional.of("0,1,4,5,6,10,50,60"), raid.string("raid_level_support"));
        assertEquals(Optional.of(0L), raid.integer("scrub_interval_seconds"));
        assertEquals(Optional.of("md0"), raid.string("arrays.names"));
        DriverConfig md0 = raid.section("arrays").section("md0");
        assertEquals(Optional.of(6L), md0.integer("level"));
        assertEquals(Optional.of("s/d0,s/d1,s/d2,s/d3"), md0.string("members"));
        assertEquals(Optional.of("left-symmetric"), md0.string("layout"));
        assertEquals(Optional.of("never"), md0.string("create"));
        assertTrue(config.driverConfig("other").keys().isEmpty());
    }
}
