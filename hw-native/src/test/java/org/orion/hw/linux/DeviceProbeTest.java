package org.orion.hw.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.driver.api.hw.Transport;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.linux.jna.LibC;
import org.orion.hw.linux.jna.LinuxAbi;
import org.orion.hw.linux.jna.NvmeIoctlTransport;
import org.orion.hw.linux.jna.SgIoTransport;
import org.orion.hw.linux.passthru.DataDirection;
import org.orion.hw.linux.passthru.NvmeAdminCommand;
import org.orion.hw.linux.passthru.ScsiCommands;

/**
 * Probing and pass-through on what this host really has: files and loop devices always (they must
 * answer "not supported by this device"), SCSI/SATA/SAS and NVMe disks when present (skipped with
 * the reason otherwise).
 */
class DeviceProbeTest {
    private static final NanoClock CLOCK = () -> 42L;
    private static Path file;

    @BeforeAll
    static void createFile() throws Exception {
        file = TestFiles.sparseFile(TestFiles.targetDir(), "probe", 2L << 20);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        HostTools.detachAll();
        Files.deleteIfExists(file);
    }

    @Test
    void shouldSayScsiAndNvmePassThroughAreNotSupportedByARegularFile() {
        int fd = LibC.open(file.toString(), LinuxAbi.O_RDONLY | LinuxAbi.O_CLOEXEC, 0);
        assertTrue(fd >= 0);
        try {
            OrionException scsi = assertThrows(OrionException.class, () -> new SgIoTransport(fd, file.toString())
                    .execute(ScsiCommands.inquiry(96), DataDirection.FROM_DEVICE, new byte[96], 1000));
            assertEquals(ErrorCode.UNSUPPORTED, scsi.code());
            assertTrue(scsi.getMessage().contains("not supported by this device"), scsi.getMessage());
            OrionException nvme = assertThrows(OrionException.class, () -> new NvmeIoctlTransport(fd, file.toString())
                    .execute(NvmeAdminCommand.identifyController(), new byte[4096]));
            assertEquals(ErrorCode.UNSUPPORTED, nvme.code());
            assertTrue(nvme.getMessage().contains("not supported by this device"), nvme.getMessage());
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void shouldReportAFileAsVirtualWithoutHealthCommands() {
        ProbeReport report = DeviceProbe.probe(file, CLOCK);
        assertEquals(Bus.FILE, report.bus());
        assertEquals(HealthVerdict.NOT_SUPPORTED, report.verdict());
        assertEquals(2L << 20, report.capacityBytes());
        assertEquals(HealthSnapshot.healthy(42L), report.health());
        try (LinuxDisk disk = LinuxDevices.openDisk(file, LinuxOpenOptions.defaults(), CLOCK)) {
            assertEquals(Transport.VIRTUAL, disk.transport());
            assertEquals(HealthSnapshot.healthy(42L), disk.health());
            assertEquals("file", disk.identity().model());
        }
    }

    @Test
    @Tag("root")
    void shouldReportALoopDeviceAsHavingNoPassThrough() throws Exception {
        String reason = HostTools.loopUnavailableReason();
        assumeTrue(reason == null, reason);
        Path loop = HostTools.attachLoop(file);
        try (LinuxDisk disk = LinuxDevices.openDisk(loop, LinuxOpenOptions.defaults(), CLOCK)) {
            ProbeReport report = DeviceProbe.probe(disk.linuxDevice(), CLOCK);
            assertEquals(Bus.LOOP, report.bus());
            assertEquals(HealthVerdict.NOT_SUPPORTED, report.verdict());
            assertTrue(report.verdictDetail().contains("not supported by this device"), report.verdictDetail());
            assertEquals(Transport.VIRTUAL, disk.transport());
            assertTrue(disk.health().passed());
        }
    }

    @Test
    void shouldProbeEveryVirtioDiskWithoutFailing() {
        List<DiscoveredDevice> virtio = devicesOn(Bus.VIRTIO);
        assumeTrue(!virtio.isEmpty(), "no virtio disk on this host");
        for (DiscoveredDevice d : virtio) {
            ProbeReport report = probeOrSkip(d.devicePath());
            assertEquals(Bus.VIRTIO, report.bus());
            assertEquals(d.sizeBytes(), report.capacityBytes());
            assertEquals(HealthVerdict.NOT_SUPPORTED, report.verdict(), "virtio-blk has no SG_IO: " + report);
        }
    }

    @Test
    void shouldReadIdentityAndHealthOfRealScsiSataOrSasDisks() {
        List<DiscoveredDevice> disks = devicesOn(Bus.SATA, Bus.SAS, Bus.SCSI);
        assumeTrue(!disks.isEmpty(), "no SCSI, SATA or SAS disk on this host (found: " + found() + ")");
        for (DiscoveredDevice d : disks) {
            ProbeReport report = probeOrSkip(d.devicePath());
            assertFalse(report.identity().model().isEmpty(), report.toString());
            assertEquals(d.sizeBytes(), report.capacityBytes(), report.toString());
            assertTrue(report.verdict() != HealthVerdict.NOT_SUPPORTED, report.toString());
        }
    }

    @Test
    void shouldReadIdentityAndHealthOfRealNvmeDevices() {
        List<DiscoveredDevice> disks = devicesOn(Bus.NVME);
        assumeTrue(!disks.isEmpty(), "no NVMe device on this host (found: " + found() + ")");
        for (DiscoveredDevice d : disks) {
            ProbeReport report = probeOrSkip(d.devicePath());
            assertEquals(d.model(), report.identity().model());
            assertTrue(report.nvmeHealth().isPresent(), report.toString());
            assertEquals(d.sizeBytes(), report.capacityBytes());
        }
    }

    @Test
    void shouldRefuseToProbeAPathThatDoesNotExist() {
        OrionException e = assertThrows(OrionException.class, () -> DeviceProbe.probe(Path.of("/dev/no-such-disk"), CLOCK));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
    }

    /** Probes a host disk; skips (with the reason) where this sandbox forbids opening it at all. */
    private static ProbeReport probeOrSkip(Path device) {
        try {
            return DeviceProbe.probe(device, CLOCK);
        } catch (OrionException e) {
            boolean forbidden = e.getMessage().contains("EPERM") || e.getMessage().contains("EACCES");
            assumeTrue(!forbidden, "this environment does not let even root open " + device + ": " + e.getMessage());
            throw e;
        }
    }

    private static List<DiscoveredDevice> devicesOn(Bus... buses) {
        List<Bus> wanted = List.of(buses);
        return BlockDeviceDiscovery.list().stream().filter(d -> wanted.contains(d.bus())).toList();
    }

    private static String found() {
        return BlockDeviceDiscovery.list().stream().map(d -> d.name() + " (" + d.bus().displayName() + ")")
                .collect(Collectors.joining(", "));
    }

}
