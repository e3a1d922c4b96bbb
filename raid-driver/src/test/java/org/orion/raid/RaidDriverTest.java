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

    @Test
    void shouldRunTheScheduledParityCheckAndReportWhatItFound() throws Exception {
        RaidDriver driver = started(Map.of("parity_check_interval_seconds", 1L));
        List<BlockDevice> members = disks(4);
        ArrayDevice array = driver.create(new org.orion.driver.api.array.CreateRequest("md0", "h", 5, null, 64 * 1024, 4, 0,
                0, true, false), members);
        // Damage parity of the first stripe behind the array's back.
        var md = ((org.orion.raid.assembly.MdArrayDevice) array).md();
        var map = md.array().device().layout().newStripeMap();
        md.array().device().layout().map(0, map);
        org.orion.driver.api.block.SyncIo.writeBytes(members.get(map.pMember),
                md.array().device().members().get(map.pMember).dataOffsetBytes(),
                org.orion.driver.api.testing.Patterns.random(1, 4096), 0);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (array.sync().mismatchBytes() == 0) {
            assertTrue(System.nanoTime() < deadline, "no scheduled check reported the damage");
            Thread.sleep(50);
        }
        assertEquals(0, array.sync().mismatchRanges().get(0)[0], "the damaged stripe's range is reported");
        array.close();
        driver.stop();
    }

    @Test
    void shouldPauseACheckAndResumeItWhereItStopped() throws Exception {
        RaidDriver driver = started(Map.of("rebuild_priority", "low"));
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            specs.add(new SimDiskSpec("d" + i, 64L << 20, 512, 4096, null, false));
        }
        List<BlockDevice> members = new ArrayList<>(SimController.create("slow", SimPersonality.SAS, NanoClock.system(),
                LatencyModel.ZERO, specs).disks());
        ArrayDevice array = driver.create(new org.orion.driver.api.array.CreateRequest("md1", "h", 5, null, 64 * 1024, 4, 0,
                0, true, false), members);
        var md = ((org.orion.raid.assembly.MdArrayDevice) array).md();
        array.startSync("check");
        while (md.array().device().engine().syncProgressStripes() < 3) {
            Thread.sleep(5);
        }
        array.startSync("idle");
        while (array.sync().isRunning()) {
            Thread.sleep(5);
        }
        long pausedAt = md.array().device().engine().syncProgressStripes();
        assertEquals(org.orion.raid.stripe.SyncKind.CHECK, md.pausedSync(), "the check is paused, not forgotten");
        array.startSync("check");
        while (!array.sync().isRunning()) {
            Thread.sleep(1);
        }
        assertTrue(md.array().device().engine().syncProgressStripes() >= pausedAt, "resumed at its checkpoint");
        array.close();
        driver.stop();
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
