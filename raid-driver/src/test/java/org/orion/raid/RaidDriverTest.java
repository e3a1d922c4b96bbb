package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.DriverContext;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArraySpec;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.DeviceRegistry;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.spi.DriverConfig;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;

/** The RAID driver as the kernel drives it: lifecycle, and the [raid] limits it enforces when building. */
class RaidDriverTest {
    private static RaidDriver started(Map<String, Object> config) {
        RaidDriver driver = new RaidDriver();
        DriverContext context = new DriverContext() {
            public NanoClock clock() { return NanoClock.system(); }
            public EventSink events() { return EventSink.discarding(); }
            public DeviceRegistry devices() { throw new UnsupportedOperationException("not used by the raid driver"); }
            public DriverConfig config() { return new MapConfig(config); }
        };
        assertTrue(driver.probe(context));
        driver.attach(context);
        driver.start();
        return driver;
    }

    private static List<BlockDevice> disks(int count) {
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(new SimDiskSpec("d" + i, 4L << 20, 512, 4096, null, false));
        }
        return new ArrayList<>(SimController.create("t", SimPersonality.SAS, NanoClock.system(), LatencyModel.ZERO, specs)
                .disks());
    }

    @Test
    void shouldBuildAnArrayWithTheConfiguredDefaultChunk() {
        RaidDriver driver = started(Map.of("array_chunk_size", 64L * 1024));
        try (ArrayDevice array = driver.build(new ArraySpec("md0", 5, null, 0, 4, 0), disks(4))) {
            assertEquals(64 * 1024, array.status().chunkBytes());
            assertEquals("left-symmetric", array.status().layoutName());
            assertEquals("clean", array.status().state());
        }
    }

    @Test
    void shouldRefuseALevelThatRaidLevelSupportLeavesOut() {
        RaidDriver driver = started(Map.of("raid_level_support", "1,5,6"));
        OrionException e = assertThrows(OrionException.class,
                () -> driver.build(new ArraySpec("md0", 0, null, 0, 2, 0), disks(2)));
        assertEquals(ErrorCode.USAGE, e.code());
        assertTrue(e.getMessage().contains("raid_level_support"), e.getMessage());
    }

    @Test
    void shouldRefuseMoreMembersThanArrayMaxDevices() {
        RaidDriver driver = started(Map.of("array_max_devices", 3L));
        OrionException e = assertThrows(OrionException.class,
                () -> driver.build(new ArraySpec("md0", 6, null, 0, 4, 0), disks(4)));
        assertTrue(e.getMessage().contains("array_max_devices = 3"), e.getMessage());
    }

    @Test
    void shouldRefuseAnArrayLargerThanArrayMaxSize() {
        RaidDriver driver = started(Map.of("array_max_size", 1L << 20));
        OrionException e = assertThrows(OrionException.class,
                () -> driver.build(new ArraySpec("md0", 0, null, 0, 2, 0), disks(2)));
        assertEquals(ErrorCode.SIZE, e.code());
    }

    @Test
    void shouldRefuseAMemberListThatDoesNotMatchTheSlotCount() {
        RaidDriver driver = started(Map.of());
        OrionException e = assertThrows(OrionException.class,
                () -> driver.build(new ArraySpec("md0", 5, null, 0, 5, 0), disks(4)));
        assertTrue(e.getMessage().contains("--raid-devices=5 but 4 members"), e.getMessage());
    }

    /** A config view over a map, as the kernel would give it. */
    private record MapConfig(Map<String, Object> values) implements DriverConfig {
        public Set<String> keys() { return values.keySet(); }
        public Optional<String> string(String key) { return Optional.ofNullable(values.get(key)).map(String::valueOf); }
        public Optional<Long> integer(String key) { return Optional.ofNullable((Long) values.get(key)); }
        public Optional<Boolean> bool(String key) { return Optional.ofNullable((Boolean) values.get(key)); }
        public Optional<Long> sizeBytes(String key) { return integer(key); }
        public DriverConfig section(String key) { return DriverConfig.empty(); }
    }
}
