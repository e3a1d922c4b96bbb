package org.orion.hw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.hw.DiskIdentity;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.driver.api.hw.Transport;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;

class SimControllerTest {
    @TempDir
    Path directory;

    private static SimController controller(SimPersonality personality, SimDiskSpec... disks) {
        return SimController.create(personality.configName() + "0", personality, new ManualClock(), LatencyModel.ZERO,
                List.of(disks));
    }

    @Test
    void shouldPresentEachPersonalityWithItsTransportQueueDepthAndIdentity() {
        try (SimController sata = controller(SimPersonality.SATA, SimDiskSpec.heap("disk0", 1 << 20));
             SimController sas = controller(SimPersonality.SAS, SimDiskSpec.heap("disk0", 1 << 20));
             SimController nvme = controller(SimPersonality.NVME, SimDiskSpec.heap("disk0", 1 << 20))) {
            assertEquals(Transport.SATA, sata.transport());
            assertEquals(32, sata.queueDepth());
            assertEquals("ATA", sata.disk(0).identity().vendor());
            assertEquals("ORION SIM SSD", sata.disk(0).identity().model());

            assertEquals(Transport.SAS, sas.transport());
            assertEquals(254, sas.queueDepth());
            assertEquals("ORION", sas.disk(0).identity().vendor());
            assertTrue(sas.disk(0).identity().vendor().length() <= 8, "SCSI INQUIRY vendor is 8 bytes");

            assertEquals(Transport.NVME, nvme.transport());
            assertEquals(1024, nvme.queueDepth());
            assertTrue(nvme.disk(0).identity().model().contains("NVMe"));
            assertEquals(Transport.NVME, nvme.disk(0).transport());
            assertEquals(2 << 20, nvme.disk(0).info().maxTransferBytes());
        }
    }

    @Test
    void shouldGiveStableDistinctSerialsAndWorldWideNames() {
        DiskIdentity first;
        DiskIdentity second;
        try (SimController c = controller(SimPersonality.SAS, SimDiskSpec.heap("disk0", 1 << 20),
                SimDiskSpec.heap("disk1", 1 << 20))) {
            first = c.disk(0).identity();
            second = c.disk(1).identity();
        }
        try (SimController again = controller(SimPersonality.SAS, SimDiskSpec.heap("disk0", 1 << 20))) {
            assertEquals(first, again.disk(0).identity(), "same names, same identity on every run");
        }
        assertNotEquals(first.serial(), second.serial());
        assertNotEquals(first.wwn(), second.wwn());
        assertTrue(first.wwn().matches("5[0-9A-F]{15}"), "NAA-5 WWN: " + first.wwn());
    }

    @Test
    void shouldListDisksInPortOrderNamedAfterTheController() {
        try (SimController c = controller(SimPersonality.SATA, SimDiskSpec.heap("b", 1 << 20),
                SimDiskSpec.heap("a", 2 << 20))) {
            List<SimDisk> disks = c.disks();
            assertEquals(2, disks.size());
            assertEquals("sata0/b", disks.get(0).name());
            assertEquals("sata0/a", disks.get(1).info().name());
            assertEquals(2 << 20, disks.get(1).info().capacityBytes());
            assertThrows(UnsupportedOperationException.class, () -> c.disks().clear());
            String message = assertThrows(IllegalArgumentException.class, () -> c.disk(2)).getMessage();
            assertTrue(message.contains("ports are 0 to 1"), message);
        }
    }

    @Test
    void shouldRejectTwoDisksWithTheSameNameOrFile() {
        String names = assertThrows(IllegalArgumentException.class, () -> controller(SimPersonality.SATA,
                SimDiskSpec.heap("d", 1 << 20), SimDiskSpec.heap("d", 1 << 20))).getMessage();
        assertTrue(names.contains("ports 0 and 1 are both named d"), names);
        Path file = directory.resolve("shared.img");
        String files = assertThrows(IllegalArgumentException.class, () -> controller(SimPersonality.SATA,
                SimDiskSpec.file("x", 1 << 20, file), SimDiskSpec.file("y", 1 << 20, file))).getMessage();
        assertTrue(files.contains("disks x and y both use backing file"), files);
    }

    @Test
    void shouldRejectBadQueueDepthsAndControllerNames() {
        List<SimDiskSpec> one = List.of(SimDiskSpec.heap("d", 1 << 20));
        String depth = assertThrows(IllegalArgumentException.class, () -> SimController.create("c", SimPersonality.SAS,
                NanoClock.system(), LatencyModel.ZERO, one, 0)).getMessage();
        assertTrue(depth.contains("queue depth 0 must be between 1 and 65536"), depth);
        assertThrows(IllegalArgumentException.class, () -> SimController.create("a/b", SimPersonality.SAS,
                NanoClock.system(), LatencyModel.ZERO, one));
        assertThrows(NullPointerException.class, () -> SimController.create("c", SimPersonality.SAS,
                NanoClock.system(), null, one));
    }

    @Test
    void shouldCloseDisksAlreadyOpenedWhenALaterDiskFails() throws Exception {
        Path good = directory.resolve("good.img");
        Path wrongSize = directory.resolve("wrong.img");
        java.nio.file.Files.write(wrongSize, new byte[4096]);
        assertThrows(OrionException.class, () -> controller(SimPersonality.SATA, SimDiskSpec.file("good", 1 << 20, good),
                SimDiskSpec.file("bad", 1 << 20, wrongSize)));
        // The first disk's file lock was released, so it can be opened again right away.
        try (SimController c = controller(SimPersonality.SATA, SimDiskSpec.file("good", 1 << 20, good))) {
            assertTrue(c.disk(0).isOnline());
        }
    }

    @Test
    void shouldReportHealthyCountersAndRefuseIoAfterClose() {
        ManualClock clock = new ManualClock();
        SimController c = SimController.create("nvme0", SimPersonality.NVME, clock, LatencyModel.ZERO,
                List.of(SimDiskSpec.heap("d", 1 << 20)));
        SimDisk disk = c.disk(0);
        clock.advance(7_200_000_000_000L);
        HealthSnapshot health = disk.health();
        assertTrue(health.passed());
        assertEquals(0, health.mediaErrors());
        assertEquals(2, health.powerOnHours());
        assertEquals(7_200_000_000_000L, health.atNanos());
        c.close();
        assertTrue(!disk.isOnline());
        assertEquals(IoStatus.NO_DEVICE, SyncIo.read(disk, 0, ByteBuffer.allocate(512), 0, 512));
    }
}
