package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --examine} and {@code --detail}: mdadm's fields, order and wording, brief lines and JSON. */
class ExamineAndDetailTest {
    private static final List<String> MEMBERS = List.of("d0.img", "d1.img", "d2.img", "d3.img", "d4.img");

    @TempDir
    Path dir;

    private CliRun orion(String... args) {
        return CliRun.run(dir, args);
    }

    @BeforeEach
    void createRaid6WithASpare() {
        CliRun create = orion(ArrayImages.args(List.of("-C", "md0", "-l6", "-n4", "-x1", "-c128", "-z2M", "-q",
                "--homehost=box"), MEMBERS));
        assertEquals(0, create.status(), create.err());
    }

    @Test
    void shouldExamineEveryFieldInMdadmsOrder() {
        CliRun run = orion("--examine", "d2.img");
        assertEquals(0, run.status(), run.err());
        String[] labels = {"Magic", "Version", "Feature Map", "Array UUID", "Name", "Creation Time", "Raid Level",
            "Raid Devices", "Avail Dev Size", "Array Size", "Data Offset", "Super Offset", "Unused Space", "State",
            "Device UUID", "Update Time", "Bad Block Log", "Checksum", "Events", "Layout", "Chunk Size", "Device Role",
            "Array State"};
        int at = 0;
        for (String label : labels) {
            int found = run.out().indexOf(" " + label + " : ", at);
            assertTrue(found > at, label + " after position " + at + " in\n" + run.out());
            at = found;
        }
        assertTrue(run.out().startsWith("d2.img:\n          Magic : a92b4efc\n        Version : 1.2\n"), run.out());
        assertEquals("box:md0", ArrayImages.field(run.out(), "^\\s+Name : (\\S+)"));
        assertEquals("raid6", ArrayImages.field(run.out(), "Raid Level : (\\S+)"));
        assertEquals("4", ArrayImages.field(run.out(), "Raid Devices : (\\d+)"));
        assertEquals("Active device 2", ArrayImages.field(run.out(), "Device Role : (.+)$"));
        assertEquals("AAAA", ArrayImages.field(run.out(), "Array State : (\\S+) \\('A' == active"));
        assertTrue(run.out().matches("(?s).*Checksum : [0-9a-f]+ - correct\n.*"), run.out());
        assertEquals("128K", ArrayImages.field(run.out(), "Chunk Size : (\\S+)"));
        assertEquals("spare", ArrayImages.field(orion("-E", "d4.img").out(), "Device Role : (.+)$"));
    }

    @Test
    void shouldPrintOneBriefLinePerArrayAndAJsonArrayForSeveralMembers() {
        String uuid = ArrayImages.field(orion("-E", "d0.img").out(), "Array UUID : (\\S+)");
        CliRun brief = orion(ArrayImages.args(List.of("-Eb"), MEMBERS));
        assertEquals(0, brief.status(), brief.err());
        assertEquals("ARRAY /dev/md/md0  metadata=1.2 UUID=" + uuid + " name=box:md0\n", brief.out());

        CliRun one = orion("--examine", "--json", "d1.img");
        assertTrue(one.out().startsWith("{\n"), one.out());
        assertTrue(one.out().contains("\"schema\": \"orion.examine/1\""), one.out());
        CliRun several = orion("--examine", "--json", "d0.img", "d1.img");
        assertTrue(several.out().startsWith("[\n{"), several.out());
        assertEquals(2, several.out().split("\"schema\": \"orion.examine/1\"", -1).length - 1, several.out());
    }

    @Test
    void shouldReportAMemberWithoutSuperblockAndStillExamineTheOthers() {
        ArrayImages.sparse(dir, "blank", 1, 1 << 20);
        CliRun run = orion("-E", "d0.img", "blank0.img");
        assertEquals(4, run.status());
        assertEquals("orion: blank0.img: no md superblock detected (not an array member)\n", run.err());
        assertTrue(run.out().startsWith("d0.img:\n"), run.out());
    }

    @Test
    void shouldDetailTheArrayWithoutChangingAMember() {
        Map<String, String> before = ArrayImages.hashes(dir, MEMBERS);
        CliRun run = orion(ArrayImages.args(List.of("--detail"), MEMBERS));
        assertEquals(0, run.status(), run.err());
        String out = run.out();
        assertTrue(out.startsWith("md0:\n           Version : 1.2\n"), out);
        assertTrue(out.contains("        Raid Level : raid6\n"), out);
        // mdadm leaves the human-readable size out below 5 MiB.
        assertTrue(out.contains("        Array Size : 4096\n     Used Dev Size : 2048\n"), out);
        assertTrue(out.contains("      Raid Devices : 4\n     Total Devices : 5\n"), out);
        assertTrue(out.contains("             State : clean \n"), out);
        assertTrue(out.contains("     Spare Devices : 1\n"), out);
        assertTrue(out.contains("            Layout : left-symmetric\n        Chunk Size : 128K\n"), out);
        assertTrue(out.contains("       2       0        0        2      active sync   d2.img\n"), out);
        assertTrue(out.contains("       4       0        0        -      spare   d4.img\n"), out);
        assertEquals(before, ArrayImages.hashes(dir, MEMBERS));

        CliRun brief = orion(ArrayImages.args(List.of("--detail", "--brief"), MEMBERS));
        assertTrue(brief.out().matches("ARRAY /dev/md/md0 metadata=1\\.2 spares=1 name=box:md0 UUID=[0-9a-f:]{35}\n"),
                brief.out());
    }

    @Test
    void shouldDescribeADegradedArrayInJson() {
        CliRun run = orion("--detail", "--json", "d0.img", "d2.img", "d3.img");
        assertEquals(0, run.status(), run.err());
        String json = run.out();
        assertTrue(json.contains("\"schema\": \"orion.detail/1\""), json);
        assertTrue(json.contains("\"level\": \"raid6\""), json);
        assertTrue(json.contains("\"state\": \"degraded\""), json);
        assertTrue(json.contains("\"arrayBytes\": 4194304"), json);
        assertTrue(json.contains("\"raidDevices\": 4,\n  \"activeDevices\": 3"), json);
        assertTrue(json.contains("\"slot\": 1,\n      \"device\": null,\n      \"state\": \"missing\""), json);
        assertTrue(json.contains("\"uuid\": \"" + ArrayImages.field(orion("-E", "d0.img").out(), "Array UUID : (\\S+)")
                + "\""), json);
    }

    @Test
    void shouldCountTheSpareWhenAssemblingAsMdadmDoes() {
        CliRun run = orion(ArrayImages.args(List.of("--assemble", "md0"), MEMBERS));
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().startsWith("orion: md0 has been started with 4 drives and 1 spare.\n"), run.err());
    }

    @Test
    void shouldSayWhatIsMissingWhenDetailNamesNeitherAnArrayNorAMember() {
        CliRun run = orion("--detail", "/dev/md9");
        assertEquals(4, run.status());
        assertEquals("orion: no array or member named /dev/md9: give the array's members (orion --detail disk0.img"
                + " disk1.img ...) or an [[arrays]] name of orion.toml (there is none here)\n", run.err());
        CliRun member = orion("--detail", "d0.img", "nope.img");
        assertEquals(4, member.status());
        assertEquals("orion: nope.img does not exist: check the name\n", member.err());
    }
}
