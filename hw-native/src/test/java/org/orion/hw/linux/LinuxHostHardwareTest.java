package org.orion.hw.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.hw.BurnInReport;
import org.orion.driver.api.hw.BurnInRequest;
import org.orion.driver.api.hw.DiskIdentity;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.driver.api.hw.HostDevice;
import org.orion.driver.api.hw.NvmeHealthLog;
import org.orion.driver.api.hw.ProbeResult;
import org.orion.driver.api.spi.HostHardware;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.linux.passthru.NvmeSmartLog;
import org.orion.hw.linux.passthru.SmartAttribute;

/** The API view of the host's storage: discovery, probing and burn-in through {@link HostHardware}. */
class LinuxHostHardwareTest {
    private final HostHardware host = new LinuxHostHardware();
    private Path dir;

    @BeforeEach
    void createDir() throws Exception {
        dir = Files.createTempDirectory(TestFiles.targetDir(), "host");
    }

    @AfterEach
    void cleanUp() throws Exception {
        HostTools.detachAll();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void shouldBeFoundByServiceLoader() {
        List<String> providers = ServiceLoader.load(HostHardware.class).stream()
                .map(p -> p.type().getName()).toList();
        assertEquals(List.of(LinuxHostHardware.class.getName()), providers);
    }

    @Test
    void shouldSayInOneSentenceThatAHostWithoutSysfsCannotBeListed() throws Exception {
        Path emptyRoot = Files.createDirectory(dir.resolve("no-sys"));
        HostHardware noSysfs = new LinuxHostHardware(new Sysfs(emptyRoot), NanoClock.system());
        OrionException e = assertThrows(OrionException.class, noSysfs::discover);
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertEquals(emptyRoot.resolve("block") + " is absent: this is not Linux or sysfs is not mounted"
                + " (mount -t sysfs sysfs /sys)", e.getMessage());
    }

    @Test
    void shouldListTheSameDevicesAsDiscoveryWithTheSameFacts() {
        List<DiscoveredDevice> native_ = BlockDeviceDiscovery.list();
        List<HostDevice> api = host.discover();
        assertEquals(native_.stream().map(DiscoveredDevice::name).toList(), api.stream().map(HostDevice::name).toList());
        for (int i = 0; i < api.size(); i++) {
            DiscoveredDevice d = native_.get(i);
            HostDevice h = api.get(i);
            assertEquals(d.bus().displayName(), h.bus());
            assertEquals(d.sizeBytes(), h.sizeBytes());
            assertEquals(d.logicalBlockBytes(), h.logicalBlockBytes());
            assertEquals(d.physicalBlockBytes(), h.physicalBlockBytes());
            assertEquals(d.rotational(), h.rotational());
            assertEquals(d.inUse(), h.inUse(), h.name() + ": " + h.usage());
            assertEquals(d.model(), h.model());
            assertEquals(d.serial(), h.serial());
        }
    }

    @Test
    @Tag("root")
    void shouldListAnAttachedLoopDeviceWithItsBackingFileAndBlockSizes() throws Exception {
        String reason = HostTools.loopUnavailableReason();
        assumeTrue(reason == null, reason);
        Path file = TestFiles.sparseFile(dir, "listed", 3L << 20);
        Path loop = HostTools.attachLoop(file, "--sector-size", "4096");
        HostDevice device = host.discover().stream().filter(d -> d.devicePath().equals(loop)).findFirst()
                .orElseThrow(() -> new AssertionError(loop + " is not listed"));
        assertEquals("loop", device.bus());
        assertEquals(3L << 20, device.sizeBytes());
        assertEquals(4096, device.logicalBlockBytes());
        assertEquals(file.toString(), device.backingFile());
        assertFalse(device.inUse(), device.usage());
    }

    @Test
    void shouldProbeAnImageFileAsADeviceWithoutHealthCommands() throws Exception {
        Path file = TestFiles.sparseFile(dir, "probed", 5L << 20);
        ProbeResult result = host.probe(file);
        assertEquals("file", result.bus());
        assertEquals(5L << 20, result.capacityBytes());
        assertEquals(org.orion.driver.api.hw.HealthVerdict.NOT_SUPPORTED, result.verdict());
        assertEquals(List.of("a regular file has no health commands"), result.notes());
        assertTrue(result.attributes().isEmpty());
        assertTrue(result.nvmeHealth().isEmpty());
        assertTrue(result.health().passed());
    }

    @Test
    @Tag("root")
    void shouldProbeALoopDeviceAsNotSupportedWithoutFailing() throws Exception {
        String reason = HostTools.loopUnavailableReason();
        assumeTrue(reason == null, reason);
        Path loop = HostTools.attachLoop(TestFiles.sparseFile(dir, "probed", 2L << 20));
        ProbeResult result = host.probe(loop);
        assertEquals("loop", result.bus());
        assertEquals(2L << 20, result.capacityBytes());
        assertEquals(org.orion.driver.api.hw.HealthVerdict.NOT_SUPPORTED, result.verdict());
        assertFalse(result.notes().isEmpty());
    }

    @Test
    void shouldSayAMissingDeviceDoesNotExist() {
        Path missing = dir.resolve("nothing-here");
        OrionException probe = assertThrows(OrionException.class, () -> host.probe(missing));
        assertEquals(ErrorCode.NOT_FOUND, probe.code());
        assertTrue(probe.getMessage().startsWith(missing + " does not exist: name a block device"), probe.getMessage());
        OrionException test = assertThrows(OrionException.class, () -> host.burnIn(missing, BurnInRequest.readOnly()));
        assertEquals(ErrorCode.NOT_FOUND, test.code());
    }

    @Test
    void shouldBurnInARangeAndReportCountsAndBytesPerSecond() throws Exception {
        Path file = TestFiles.sparseFile(dir, "burn", 6L << 20);
        BurnInReport report = host.burnIn(file, new BurnInRequest(true, 42, 1L << 20, 2L << 20));
        assertTrue(report.passed(), report.toString());
        assertEquals(1L << 20, report.startBytes());
        assertEquals(2L << 20, report.lengthBytes());
        assertEquals(42, report.seed());
        assertTrue(report.destructive());
        assertTrue(report.writeBytesPerSecond() > 0 && report.readBytesPerSecond() > 0, report.toString());
        BurnInReport readOnly = host.burnIn(file, BurnInRequest.readOnly());
        assertEquals(6L << 20, readOnly.lengthBytes());
        assertEquals(0.0, readOnly.writeBytesPerSecond());
    }

    @Test
    void shouldRefuseADestructiveBurnInOfAnImageHoldingAnMdSuperblock() throws Exception {
        Path file = TestFiles.sparseFile(dir, "member", 4L << 20);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(4096);
            raf.write(new byte[] {(byte) 0xfc, 0x4e, 0x2b, (byte) 0xa9}); // md magic a92b4efc, little-endian
        }
        OrionException e = assertThrows(OrionException.class, () -> host.burnIn(file, new BurnInRequest(true, 1, 0, -1)));
        assertEquals(ErrorCode.UNSAFE, e.code());
        assertTrue(e.getMessage().contains("md 1.2"), e.getMessage());
        assertTrue(host.burnIn(file, BurnInRequest.readOnly()).passed(), "reading it is allowed");
    }

    @Test
    void shouldCarryAtaAttributesAndTheNvmeHealthLogIntoTheApiRecords() {
        DiskIdentity identity = new DiskIdentity("ATA", "Disk", "S1", "FW1", "");
        HealthSnapshot health = new HealthSnapshot(5, true, 8, 2, 0, 0, 31, 1200, -1);
        ProbeReport ata = new ProbeReport("/dev/sdz", Bus.SATA, identity, 1L << 40, 512, 4096, HealthVerdict.PASSED,
                "SMART RETURN STATUS: no threshold exceeded",
                List.of(new SmartAttribute(5, "Reallocated_Sector_Ct", 0x33, 100, 99, 0x0001_0000_0008L)),
                Optional.empty(), health, List.of());
        ProbeResult result = LinuxHostHardware.probeResult(ata);
        assertEquals("sata", result.bus());
        assertEquals(org.orion.driver.api.hw.HealthVerdict.PASSED, result.verdict());
        assertEquals(List.of(new org.orion.driver.api.hw.SmartAttribute(5, "Reallocated_Sector_Ct", true, 100, 99, -1, 8)),
                result.attributes(), "raw value is the low 32 bits; the threshold is not read");
        assertEquals(health, result.health());

        NvmeSmartLog log = new NvmeSmartLog(0b101, 310, 90, 10, 3, 1000, 2000, 12, 400, 2, 1, 7);
        NvmeHealthLog mapped = LinuxHostHardware.nvmeHealthLog(log);
        assertEquals(new NvmeHealthLog(5, "available spare below threshold, reliability degraded", 37, 90, 10, 3, 1000,
                2000, 12, 400, 2, 1, 7), mapped);
    }
}
