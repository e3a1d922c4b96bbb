package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.hw.DiskIdentity;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.driver.api.hw.HealthVerdict;
import org.orion.driver.api.hw.NvmeHealthLog;
import org.orion.driver.api.hw.ProbeResult;
import org.orion.driver.api.hw.SmartAttribute;

/** {@code orion hw probe}: real files and loop devices, and the smartctl-like rendering of real answers. */
class HwProbeTest {
    @TempDir
    Path dir;

    private Path image(String name, long sizeBytes) throws Exception {
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(sizeBytes);
        }
        return file;
    }

    @Test
    void shouldProbeAnImageFileAndSayHealthIsNotSupportedByIt() throws Exception {
        Path file = image("disk0.img", 3L << 20);
        CliRun run = CliRun.run(dir, "hw", "probe", "disk0.img");
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("=== identity ===", lines.get(0));
        assertTrue(lines.contains("Device:         " + file), run.out());
        assertTrue(lines.contains("Transport:      file"), run.out());
        assertTrue(lines.contains("Capacity:       3,145,728 bytes [3 MiB]"), run.out());
        assertTrue(lines.contains("SMART: not supported by this device (a regular file has no health commands)"),
                run.out());
        assertFalse(run.out().contains(HwProbeCommand.HEALTH_LINE), "no verdict is invented");
        assertTrue(lines.contains("- a regular file has no health commands"), run.out());
    }

    @Test
    void shouldProbeAnImageFileAsAVersionedJsonDocument() throws Exception {
        Path file = image("disk1.img", 1L << 20);
        CliRun run = CliRun.run(dir, "hw", "probe", file.toString(), "--json");
        assertEquals(0, run.status(), run.err());
        for (String expected : List.of("\"schema\": \"orion.hw.probe/1\"", "\"device\": \"" + file + "\"",
                "\"transport\": \"file\"", "\"capacity_bytes\": 1048576", "\"verdict\": \"not_supported\"",
                "\"supported\": false", "\"attributes\": []", "\"nvme_health\": null",
                "\"notes\": [\n    \"a regular file has no health commands\"\n  ]")) {
            assertTrue(run.out().contains(expected), expected + " in\n" + run.out());
        }
    }

    @Test
    @Tag("root")
    void shouldProbeALoopDeviceWithoutCrashingAndSayHealthIsNotSupported() throws Exception {
        String reason = LoopDevices.unavailableReason();
        assumeTrue(reason == null, reason);
        try (LoopDevices loops = new LoopDevices(dir)) {
            Path loop = loops.attach("probed.img", 2L << 20);
            CliRun run = CliRun.run(dir, "hw", "probe", loop.toString());
            assertEquals(0, run.status(), run.err());
            assertTrue(run.out().contains("Transport:      loop\n"), run.out());
            assertTrue(run.out().contains("Capacity:       2,097,152 bytes [2 MiB]\n"), run.out());
            assertTrue(run.out().contains("Block sizes:    512 bytes logical, 512 bytes physical\n"), run.out());
            assertTrue(run.out().contains("SMART: not supported by this device ("), run.out());
        }
    }

    @Test
    void shouldSayInOneLineThatAMissingDeviceDoesNotExist() {
        CliRun run = CliRun.run(dir, "hw", "probe", "/dev/orion-no-such-disk");
        assertEquals(4, run.status());
        assertEquals("orion: /dev/orion-no-such-disk does not exist: name a block device (/dev/sdb) or an image file"
                + " (orion hw list shows the host's devices)\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldRefuseAProbeWithoutADevice() {
        CliRun run = CliRun.run(dir, "hw", "probe");
        assertEquals(2, run.status());
        assertEquals("orion: hw probe needs a DEVICE (a /dev node or an image file)\nusage: " + HwProbeCommand.USAGE
                + "\n", run.err());
    }

    @Test
    void shouldPrintTheVerdictAndTheAttributeTableOfAnAtaDisk() {
        ProbeResult ata = new ProbeResult("/dev/sdq", "sata", new DiskIdentity("ATA", "ORION TEST 2TB", "ZX12", "FW01",
                "5000c500a1b2c3d4"), 2_000_398_934_016L, 512, 4096, HealthVerdict.FAILED,
                "SMART RETURN STATUS: a pre-failure attribute exceeded its threshold: replace the disk",
                List.of(new SmartAttribute(5, "Reallocated_Sector_Ct", true, 3, 3, 36, 4088),
                        new SmartAttribute(9, "Power_On_Hours", false, 71, 71, -1, 25_731)),
                Optional.empty(), new HealthSnapshot(0, false, 4088, 16, 2, 2, 33, 25_731, -1), List.of());
        String text = HwProbeCommand.text(ata);
        assertTrue(text.contains("\nSMART overall-health self-assessment test result: FAILED\n"), text);
        assertTrue(text.contains("Capacity:       2,000,398,934,016 bytes [1.8 TiB]\n"), text);
        assertTrue(text.contains("Counters:       reallocated sectors 4088, pending sectors 16, uncorrectable errors 2,"
                + " media errors 2, temperature 33 C, power-on hours 25731\n"), text);
        List<String> table = text.substring(text.indexOf("=== SMART attributes ===\n")).lines().skip(1).toList();
        assertEquals("ID#  ATTRIBUTE_NAME         TYPE      VALUE  WORST  THRESH  RAW_VALUE", table.get(0));
        assertEquals("  5  Reallocated_Sector_Ct  Pre-fail  003    003    036     4088", table.get(1));
        assertEquals("  9  Power_On_Hours         Old_age   071    071    ---     25731", table.get(2));
        String json = HwProbeCommand.json(ata);
        assertTrue(json.contains("\"verdict\": \"failed\""), json);
        assertTrue(json.contains("\"threshold\": null"), json);
        assertTrue(json.contains("\"threshold\": 36"), json);
    }

    @Test
    void shouldPrintTheNvmeHealthLog() {
        ProbeResult nvme = new ProbeResult("/dev/nvme0n1", "nvme", new DiskIdentity("0x144d", "ORION NVME", "S4X", "2B2Q",
                "eui.0025388"), 512_110_190_592L, 512, 512, HealthVerdict.PASSED, "critical warning 0", List.of(),
                Optional.of(new NvmeHealthLog(0, "", 38, 100, 10, 2, 1_234_567, 2_345_678, 1_001, 9_876, 55, 0, 3)),
                new HealthSnapshot(0, true, 0, 0, 0, 0, 38, 9_876, 2), List.of());
        String text = HwProbeCommand.text(nvme);
        assertTrue(text.contains("SMART overall-health self-assessment test result: PASSED\n"), text);
        assertTrue(text.contains("=== NVMe SMART / Health log ===\n"
                + "Critical warning:                 0x00\n"
                + "Temperature:                      38 Celsius\n"
                + "Available spare:                  100%\n"
                + "Available spare threshold:        10%\n"
                + "Percentage used:                  2%\n"
                + "Data units read:                  1,234,567 [588.7 GiB]\n"), text);
        assertTrue(text.contains("Media and data integrity errors:  0\n"), text);
        assertTrue(HwProbeCommand.json(nvme).contains("\"data_units_written\": 2345678"));
    }
}
