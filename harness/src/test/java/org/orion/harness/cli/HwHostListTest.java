package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.hw.HostDevice;

/** The "host block devices" part of {@code orion hw list}: the host's real devices from sysfs. */
class HwHostListTest {
    @TempDir
    Path dir;

    private void writeEmptyConfig() throws Exception {
        Files.writeString(dir.resolve("orion.toml"), "");
    }

    @Test
    void shouldListTheHostsDevicesAfterTheConfiguredOnes() throws Exception {
        writeEmptyConfig();
        CliRun run = CliRun.run(dir, "hw", "list");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("no controllers: add [[controllers]] entries to the configuration", lines.get(0));
        assertEquals("", lines.get(1));
        assumeTrue(Files.isDirectory(Path.of("/sys/block")), "this host has no /sys/block");
        assertEquals(HostDevicesTable.TITLE + ":", lines.get(2));
        assertEquals(List.of("DEVICE", "TRANSPORT", "MODEL", "SERIAL", "CAPACITY", "BYTES", "LOGICAL", "PHYSICAL",
                "ROTATIONAL", "IN_USE", "DETAILS"), List.of(lines.get(3).split("\\s+")));
        List<String> mounted = lines.stream().filter(l -> l.contains(" is mounted at / ") || l.endsWith(" is mounted at /"))
                .toList();
        assertTrue(!mounted.isEmpty() || !Files.readString(Path.of("/proc/mounts")).contains(" / ext"),
                "the disk holding / is shown in use:\n" + run.out());
    }

    @Test
    void shouldSayInOneLineWhyTheHostCannotBeListed() {
        HostDevicesTable none = new HostDevicesTable(List.of(), "/sys/block is absent: this is not Linux or sysfs is"
                + " not mounted (mount -t sysfs sysfs /sys)");
        assertEquals("host block devices: not shown: /sys/block is absent: this is not Linux or sysfs is not mounted"
                + " (mount -t sysfs sysfs /sys)\n", none.text());
        assertEquals(List.of(), none.json());
    }

    @Test
    void shouldShowUsageBackingFileAndFlagsInTheDetailsColumn() {
        HostDevice device = new HostDevice("sdz", Path.of("/dev/sdz"), "usb", "", "Stick", "", "", "", 1L << 30, 512, 512,
                false, true, true, List.of("sdz1"), "/dev/sdz1 is mounted at /media/stick", "");
        String text = new HostDevicesTable(List.of(device), null).text();
        List<String> lines = text.lines().toList();
        assertEquals("/dev/sdz  usb        Stick  -       1 GiB     1073741824  512      512       no          yes     "
                + "/dev/sdz1 is mounted at /media/stick; read-only; removable", lines.get(2));
    }

    @Test
    @Tag("root")
    void shouldListALoopDeviceAttachedOnThisHost() throws Exception {
        String reason = LoopDevices.unavailableReason();
        assumeTrue(reason == null, reason);
        writeEmptyConfig();
        try (LoopDevices loops = new LoopDevices(dir)) {
            Path file = loops.file("listed.img", 5L << 20);
            Path loop = loops.attach(file);
            CliRun run = CliRun.run(dir, "hw", "list");
            assertEquals(0, run.status(), run.err());
            String row = run.out().lines().filter(l -> l.startsWith(loop + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError(loop + " is not in\n" + run.out()));
            List<String> cells = List.of(row.split("\\s+", 12));
            assertEquals(List.of(loop.toString(), "loop", "-", "-", "5", "MiB", "5242880", "512", "512"), cells.subList(0, 9));
            assertEquals("no", cells.get(10), "not in use: " + row);
            assertEquals("backing file " + file, cells.get(11));
            CliRun json = CliRun.run(dir, "hw", "list", "--json");
            assertEquals(0, json.status(), json.err());
            for (String expected : List.of("\"path\": \"" + loop + "\"", "\"transport\": \"loop\"",
                    "\"capacity_bytes\": 5242880", "\"backing_file\": \"" + file + "\"", "\"host_unavailable\": null")) {
                assertTrue(json.out().contains(expected), expected + " in\n" + json.out());
            }
        }
    }
}
