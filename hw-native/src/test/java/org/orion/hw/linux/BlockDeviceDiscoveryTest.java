package org.orion.hw.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.hw.Transport;

/** Discovery on the real /sys of this host, plus the bus classification on paths from real machines. */
class BlockDeviceDiscoveryTest {
    @AfterAll
    static void detach() {
        HostTools.detachAll();
    }

    @Test
    void shouldListEveryNonEmptyDeviceUnderSysBlockWithItsGeometry() throws Exception {
        List<DiscoveredDevice> devices = BlockDeviceDiscovery.list();
        List<String> expected = Sysfs.list(Path.of("/sys/block")).stream()
                .filter(n -> Sysfs.readLong(Path.of("/sys/block", n, "size")).orElse(0) > 0).toList();
        assertEquals(expected, devices.stream().map(DiscoveredDevice::name).toList());
        for (DiscoveredDevice d : devices) {
            assertEquals(Sysfs.readLong(Path.of("/sys/block", d.name(), "size")).orElseThrow() * 512, d.sizeBytes());
            assertTrue(d.logicalBlockBytes() >= 512 && d.physicalBlockBytes() >= d.logicalBlockBytes(), d.toString());
            assertEquals(Path.of("/dev", d.name()), d.devicePath());
        }
    }

    @Test
    void shouldSeeThatTheDiskHoldingTheRootFileSystemIsInUse() throws Exception {
        String rootDevice = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")).filter(f -> f[4].equals("/")).map(f -> f[2]).findFirst().orElseThrow();
        assumeTrue(!rootDevice.startsWith("0:"), "the root file system is not on a block device here (" + rootDevice + ")");
        DiscoveredDevice disk = BlockDeviceDiscovery.list().stream()
                .filter(d -> d.majorMinor().equals(rootDevice) || d.partitions().stream().anyMatch(p ->
                        Sysfs.read(Path.of("/sys/block", d.name(), p, "dev")).orElse("").equals(rootDevice)))
                .findFirst().orElseThrow();
        assertTrue(disk.inUse(), disk.toString());
        assertTrue(disk.usage().mounts().stream().anyMatch(m -> m.mountPoint().equals("/")), disk.usage().describe());
    }

    @Test
    @Tag("root")
    void shouldDescribeAnAttachedLoopDeviceWithItsBackingFile() throws Exception {
        String reason = HostTools.loopUnavailableReason();
        assumeTrue(reason == null, reason);
        Path file = TestFiles.sparseFile(TestFiles.targetDir(), "discover", 3L << 20);
        try {
            Path loop = HostTools.attachLoop(file);
            DiscoveredDevice d = BlockDeviceDiscovery.find(loop.toString()).orElseThrow();
            assertEquals(Bus.LOOP, d.bus());
            assertEquals(Transport.VIRTUAL, d.transport());
            assertEquals(3L << 20, d.sizeBytes());
            assertEquals(file.toString(), d.backingFile());
            assertFalse(d.inUse());
        } finally {
            HostTools.detachAll();
            Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldClassifyTheBusFromTheSysfsPath() {
        // Paths as they appear on real machines (resolved /sys/block/NAME links).
        assertEquals(Bus.SATA, Bus.classify("sda",
                "/sys/devices/pci0000:00/0000:00:17.0/ata3/host2/target2:0:0/2:0:0:0/block/sda", "ATA", false));
        assertEquals(Bus.SAS, Bus.classify("sdb", "/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/host0/port-0:0/"
                + "expander-0:0/port-0:0:4/end_device-0:0:4/target0:0:4/0:0:4:0/block/sdb", "SEAGATE", true));
        assertEquals(Bus.SATA, Bus.classify("sdc", "/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/host0/port-0:1/"
                + "end_device-0:1/target0:0:1/0:0:1:0/block/sdc", "ATA", true), "a SATA disk behind a SAS HBA");
        assertEquals(Bus.USB, Bus.classify("sdd",
                "/sys/devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdd", "Samsung", false));
        assertEquals(Bus.NVME, Bus.classify("nvme0n1", "/sys/devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n1", "", false));
        assertEquals(Bus.VIRTIO, Bus.classify("vda", "/sys/devices/pci0000:00/0000:00:04.0/virtio1/block/vda", "", false));
        assertEquals(Bus.LOOP, Bus.classify("loop0", "/sys/devices/virtual/block/loop0", "", false));
        assertEquals(Bus.MD, Bus.classify("md127", "/sys/devices/virtual/block/md127", "", false));
        assertEquals(Transport.SAS, Bus.SAS.transport());
        assertEquals(Transport.VIRTUAL, Bus.VIRTIO.transport());
    }

    @Test
    void shouldUnescapeMountPointsWithSpaces() {
        assertEquals("/mnt/my disk", DeviceHolders.unescape("/mnt/my\\040disk"));
        assertEquals("/plain", DeviceHolders.unescape("/plain"));
    }
}
