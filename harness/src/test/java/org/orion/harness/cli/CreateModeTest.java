package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code orion --create} on real image files through the kernel, the RAID driver and hw-native. */
class CreateModeTest {
    @TempDir
    Path dir;

    private CliRun orion(String... args) {
        return CliRun.run(dir, args);
    }

    @ParameterizedTest(name = "raid{0} on {1} members, layout {2}")
    @CsvSource({"0, 3, default", "1, 2, default", "4, 3, default", "5, 4, left-symmetric", "5, 3, right-asymmetric",
            "6, 5, left-symmetric", "10, 4, n2", "10, 4, f2", "10, 3, o2"})
    void shouldCreateEveryLevelOnNewImageFilesAndLeaveItCleanForTheNextAssembly(int level, int count, String layout) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add("d" + i + ".img");
        }
        List<String> head = new ArrayList<>(List.of("--create", "md0", "--level=" + level, "--raid-devices=" + count,
                "--size=4M"));
        if (level != 1) {
            head.add("--chunk=64");
        }
        if (!layout.equals("default")) {
            head.add("--layout=" + layout);
        }
        CliRun create = orion(ArrayImages.args(head, members));
        assertEquals(0, create.status(), create.err());
        assertTrue(create.err().startsWith("orion: array md0 started.\n"), create.err());
        assertTrue(create.err().contains("md0: " + (level == 0 ? "" : "initial resync complete; ") + "stopped cleanly"),
                create.err());

        CliRun examine = orion("--examine", "d0.img");
        assertEquals(0, examine.status(), examine.err());
        assertEquals("clean", ArrayImages.field(examine.out(), "^\\s+State : (\\S+)$"));
        assertEquals("raid" + level, ArrayImages.field(examine.out(), "^\\s+Raid Level : (\\S+)$"));
        assertEquals(Integer.toString(count), ArrayImages.field(examine.out(), "^\\s+Raid Devices : (\\d+)$"));
        assertEquals("2048", ArrayImages.field(examine.out(), "^\\s+Data Offset : (\\d+) sectors$"));
        if (!layout.equals("default")) {
            // mdadm spells RAID10 layouts out: n2 is "near=2", f2 "far=2", o2 "offset=2".
            String shown = level != 10 ? layout : Map.of('n', "near=", 'f', "far=", 'o', "offset=")
                    .get(layout.charAt(0)) + layout.substring(1);
            assertEquals(shown, ArrayImages.field(examine.out(), "^\\s+Layout : (\\S+)$"));
        }

        CliRun assemble = orion(ArrayImages.args(List.of("--assemble", "md0"), members));
        assertEquals(0, assemble.status(), assemble.err());
        assertTrue(assemble.err().contains("orion: md0 has been started with " + count + " drives.\n"), assemble.err());
        assertFalse(assemble.err().contains("resync"), "a clean array must not resync: " + assemble.err());
    }

    @Test
    void shouldMakeImageFilesJustLargeEnoughForTheDataOffsetAndSize() throws Exception {
        CliRun create = orion("-C", "md0", "-l5", "-n3", "-c", "64", "-z", "4096", "a.img", "b.img", "c.img");
        assertEquals(0, create.status(), create.err());
        for (String name : List.of("a.img", "b.img", "c.img")) {
            assertEquals(5L << 20, Files.size(dir.resolve(name)), name);
        }
        CliRun examine = orion("-E", "b.img");
        assertEquals("8192", ArrayImages.field(examine.out(), "^\\s+Avail Dev Size : (\\d+) sectors"));
        assertEquals("Active device 1", ArrayImages.field(examine.out(), "^\\s+Device Role : (.+)$"));
        assertEquals("8192 KiB", ArrayImages.field(examine.out(), "^\\s+Array Size : (\\d+ KiB)"));
    }

    @Test
    void shouldSkipTheInitialResyncWithAssumeClean() {
        CliRun create = orion("--create", "/dev/md/data", "--level=raid6", "--raid-devices=4", "--size=2M",
                "--assume-clean", "-q", "a.img", "b.img", "c.img", "d.img");
        assertEquals(0, create.status(), create.err());
        assertEquals("", create.err());
        CliRun examine = orion("-E", "a.img");
        assertTrue(examine.out().contains(":data"), examine.out());
        assertEquals("clean", ArrayImages.field(examine.out(), "^\\s+State : (\\S+)$"));
    }

    @Test
    void shouldCreateADegradedArrayWithAMissingSlotAndASpare() {
        CliRun create = orion("--create", "md0", "--level=5", "--raid-devices=3", "--spare-devices=1", "--size=2M",
                "a.img", "missing", "c.img", "s.img");
        assertEquals(0, create.status(), create.err());
        assertFalse(Files.exists(dir.resolve("missing")));
        CliRun detail = orion("--detail", "a.img", "c.img", "s.img");
        assertEquals(0, detail.status(), detail.err());
        assertTrue(detail.out().contains("State : clean, degraded \n"), detail.out());
        assertTrue(detail.out().contains("Spare Devices : 1\n"), detail.out());
        assertTrue(detail.out().contains("removed"), detail.out());
    }

    @Test
    void shouldOverwriteAnOldSuperblockOnlyWithForce() {
        List<String> members = ArrayImages.sparse(dir, "m", 3, 4L << 20);
        assertEquals(0, orion(ArrayImages.args(List.of("-C", "md0", "-l1", "-n3"), members)).status());
        String oldUuid = ArrayImages.field(orion("-E", "m0.img").out(), "Array UUID : (\\S+)");
        Map<String, String> before = ArrayImages.hashes(dir, members);

        CliRun refused = orion(ArrayImages.args(List.of("-C", "md1", "-l5", "-n3"), members));
        assertEquals(5, refused.status());
        assertEquals("orion: m0.img already holds an md superblock (array " + oldUuid + ", '"
                + ArrayImages.field(orion("-E", "m0.img").out(), "Name : (\\S+)")
                + "'): use --zero-superblock first, or --force to overwrite it\n", refused.err());
        assertEquals(before, ArrayImages.hashes(dir, members));

        CliRun forced = orion(ArrayImages.args(List.of("-C", "md1", "-l5", "-n3", "--force"), members));
        assertEquals(0, forced.status(), forced.err());
        assertEquals("raid5", ArrayImages.field(orion("-E", "m2.img").out(), "Raid Level : (\\S+)"));
    }

    @Test
    void shouldRefuseAMemberHoldingAFileSystemUnlessForced() {
        List<String> members = ArrayImages.sparse(dir, "m", 3, 4L << 20);
        ArrayImages.patch(dir.resolve("m1.img"), 1080, (byte) 0x53, (byte) 0xef);
        Map<String, String> before = ArrayImages.hashes(dir, members);
        CliRun refused = orion(ArrayImages.args(List.of("-C", "md0", "-l5", "-n3"), members));
        assertEquals(5, refused.status());
        assertEquals("orion: m1.img appears to contain an ext2/3/4 file system at byte 1080: use another device, erase it first"
                + " (wipefs -a), or --force to overwrite it\n", refused.err());
        assertEquals(before, ArrayImages.hashes(dir, members));
        assertEquals(0, orion(ArrayImages.args(List.of("-C", "md0", "-l5", "-n3", "-f"), members)).status());
    }
}
