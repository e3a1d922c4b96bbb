package org.orion.raid.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDeviceInfo;

class ExamineFormatterTest {
    /** The §1.6 reference superblock, decoded strictly from its reference bytes. */
    private static Superblock1 reference() {
        byte[] block = new byte[4096];
        System.arraycopy(ReferenceImage.superblockBytes(), 0, block, 0, 512);
        BlockDeviceInfo device = new BlockDeviceInfo("img1", 512, 512, ReferenceImage.DEVICE_SECTORS * 512, 1 << 20,
                false, false, false);
        return SuperblockCodec.decode(block, device, MetadataVersion.V1_2);
    }

    private static String examine(Superblock1 sb) {
        return ExamineFormatter.examine(ExaminedMember.of("img1", ReferenceImage.DEVICE_SECTORS, sb), "elsewhere",
                ZoneOffset.UTC);
    }

    private static String lineOf(String text, String label) {
        for (String line : text.split("\n")) {
            if (line.startsWith(String.format("%15s :", label)) || line.trim().startsWith(label + " :")) {
                return line;
            }
        }
        return null;
    }

    @Test
    void shouldPrintTheReferenceImageAsMdadmDid() {
        // md-format.md §6.4: mdadm 4.2's --examine of the §1.6 image.
        String expected = String.join("\n",
                "img1:",
                "          Magic : a92b4efc",
                "        Version : 1.2",
                "    Feature Map : 0x0",
                "     Array UUID : 10111213:14151617:18191a1b:1c1d1e1f",
                "           Name : testhost:0",
                "  Creation Time : Tue Nov 14 22:13:20 2023",
                "     Raid Level : raid5",
                "   Raid Devices : 4",
                "",
                " Avail Dev Size : 200704 sectors (98.00 MiB 102.76 MB)",
                "     Array Size : 301056 KiB (294.00 MiB 308.28 MB)",
                "    Data Offset : 4096 sectors",
                "   Super Offset : 8 sectors",
                "   Unused Space : before=4016 sectors, after=0 sectors",
                "          State : clean",
                "    Device UUID : a0a1a2a3:a4a5a6a7:a8a9aaab:acadaeaf",
                "",
                "    Update Time : Tue Nov 14 22:14:20 2023",
                "  Bad Block Log : 512 entries available at offset 16 sectors",
                "       Checksum : 67cf6614 - correct",
                "         Events : 42",
                "",
                "         Layout : left-symmetric",
                "     Chunk Size : 512K",
                "",
                "   Device Role : Active device 1",
                "   Array State : AAAA ('A' == active, '.' == missing, 'R' == replacing)",
                "");

        assertEquals(expected, examine(reference()));
    }

    @Test
    void shouldPrintHumanSizesWithMdadmsRounding() {
        assertEquals("", MdadmText.humanSize(5000L * 1024 - 1));
        assertEquals(" (4.88 MiB 5.12 MB)", MdadmText.humanSize(5000L * 1024));
        assertEquals(" (2048.00 MiB 2147.48 MB)", MdadmText.humanSize((2L << 30) - 1));
        assertEquals(" (2.00 GiB 2.15 GB)", MdadmText.humanSize(2L << 30));
        assertEquals(" (2.00 TiB 2.20 TB)", MdadmText.humanSize(2L << 40));
        assertEquals(" (6.00 MiB 6.29 MB)", MdadmText.humanSize(12288L * 512));
    }

    @Test
    void shouldPrintDatesLikeCtimeInTheGivenZone() {
        long instant = 1_699_106_400L; // 2023-11-04T14:00:00Z

        assertEquals("Sat Nov  4 14:00:00 2023", MdadmText.ctime(instant, ZoneOffset.UTC));
        assertEquals("Sat Nov  4 15:00:00 2023", MdadmText.ctime(instant, ZoneId.of("Europe/Berlin")));
        assertEquals("Thu Jan  1 00:00:00 1970", MdadmText.ctime(0, ZoneOffset.UTC));
    }

    @Test
    void shouldMarkNamesOfTheLocalHost() {
        Superblock1 sb = reference();

        assertTrue(ExamineFormatter.examine(ExaminedMember.of("img1", 204800, sb), "testhost", ZoneOffset.UTC)
                .contains("           Name : testhost:0  (local to host testhost)\n"));
        assertFalse(ExamineFormatter.isLocal(sb, "testhos"));
        assertFalse(ExamineFormatter.isLocal(sb, null));
        assertFalse(ExamineFormatter.isLocal(sb, ""));
    }

    @Test
    void shouldQuoteNamesAsMdadmDoes() {
        assertEquals("plain", MdadmText.quoted("plain"));
        assertEquals("\"two words\"", MdadmText.quoted("two words"));
        assertEquals("\"it's\"", MdadmText.quoted("it's"));
        assertEquals("'say \"hi\"'", MdadmText.quoted("say \"hi\""));
        assertEquals("'a\"b'", MdadmText.quoted("a\"b"));
    }

    @Test
    void shouldPrintBriefLines() {
        Superblock1 sb = reference();
        Superblock1 spaced = sb.toBuilder().setName("home:my disk").build();
        Superblock1 unnamed = sb.toBuilder().setName("").build();

        assertEquals("ARRAY /dev/md/0  metadata=1.2 UUID=10111213:14151617:18191a1b:1c1d1e1f name=testhost:0\n",
                ExamineFormatter.brief(sb, false));
        assertEquals("ARRAY /dev/md/0  level=raid5 metadata=1.2 num-devices=4 UUID=10111213:14151617:18191a1b:1c1d1e1f"
                + " name=testhost:0\n", ExamineFormatter.brief(sb, true));
        assertEquals("ARRAY /dev/md/my_disk  metadata=1.2 UUID=10111213:14151617:18191a1b:1c1d1e1f"
                + " name=\"home:my disk\"\n", ExamineFormatter.brief(spaced, false));
        assertEquals("ARRAY  metadata=1.2 UUID=10111213:14151617:18191a1b:1c1d1e1f\n",
                ExamineFormatter.brief(unnamed, false));
    }

    @Test
    void shouldNameEachKindOfRole() {
        Superblock1 sb = reference();

        assertEquals("   Device Role : spare", lineOf(examine(sb.withRole(1, DevRoles.SPARE)), "Device Role"));
        assertEquals("   Device Role : spare", lineOf(examine(sb.withRole(1, DevRoles.FAULTY)), "Device Role"));
        assertEquals("   Device Role : Journal", lineOf(examine(sb.withRole(1, DevRoles.JOURNAL)), "Device Role"));
        assertEquals("   Device Role : Replacement device 1",
                lineOf(examine(sb.withFeatureMap(FeatureMap.REPLACEMENT)), "Device Role"));
        assertEquals("   Device Role : spare", lineOf(examine(sb.toBuilder().devNumber(128).build()), "Device Role"),
                "a number beyond max_dev has no role");
    }

    @Test
    void shouldShowMissingAndReplacedSlots() {
        Superblock1 sb = reference().withRole(3, DevRoles.FAULTY).withRole(4, 1);

        assertEquals("AR.A", ArrayStateText.slots(sb.withRole(3, 3).withRole(2, DevRoles.SPARE)));
        assertEquals("ARA.", ArrayStateText.slots(sb));
        assertNull(ArrayStateText.inconsistency(sb));
    }

    @Test
    void shouldWarnAboutInconsistentRolesLikeMdadm() {
        Superblock1 raid0 = reference().toBuilder().level(0).build().withRole(4, 1);
        Superblock1 beyond = reference().withRole(4, 5);
        Superblock1 atTheEdge = reference().withRole(4, 4);

        assertEquals("A?AA", ArrayStateText.slots(raid0));
        assertEquals("WARNING Array state is inconsistent - each number should appear only once\n"
                + " 0:0 1:1 2:2 3:3 4:1" + rest(5, 128) + "\n", ArrayStateText.inconsistency(raid0));
        assertTrue(ArrayStateText.inconsistency(beyond).contains(" 4:5 5:-"));
        assertNull(ArrayStateText.inconsistency(atTheEdge), "mdadm compares with >, so role 4 of 4 slips through");
    }

    private static String rest(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            text.append(' ').append(i).append(":-");
        }
        return text.toString();
    }

    @Test
    void shouldPrintRaid10LayoutsWithMdadmsSpacing() {
        assertEquals(" near=2", MdadmText.raid10Layout(0x102));
        assertEquals(" far=2", MdadmText.raid10Layout(0x201));
        assertEquals(" offset=2", MdadmText.raid10Layout(0x10201));
        assertEquals(" near=2, far=2", MdadmText.raid10Layout(0x202));
        assertEquals("NO REDUNDANCY", MdadmText.raid10Layout(0x101));
        Superblock1 raid10 = reference().toBuilder().level(10).layout(0x102).build();
        assertEquals("         Layout : near=2", lineOf(examine(raid10), "Layout"));
        // 4 devices holding 2 copies: twice the 100352 KiB component.
        assertEquals("     Array Size : 200704 KiB (196.00 MiB 205.52 MB)", lineOf(examine(raid10), "Array Size"));
    }

    @Test
    void shouldPrintStateFlagsAndReshape() {
        Superblock1 sb = reference().toBuilder().resyncOffsetSectors(0).devFlags(3)
                .featureMap(FeatureMap.RESHAPE_ACTIVE | FeatureMap.RECOVERY_OFFSET | FeatureMap.BAD_BLOCKS)
                .reshapePositionSectors(123456).deltaDisks(1).raidDisks(5).newLevel(6).newLayout(18)
                .newChunkSectors(128).recoveryOffsetSectors(999).build();

        String text = examine(sb);

        assertEquals("          State : active", lineOf(text, "State"));
        assertEquals("          Flags : write-mostly failfast", lineOf(text, "Flags"));
        assertEquals("Recovery Offset : 999 sectors", lineOf(text, "Recovery Offset"));
        // The new layout is named with the current level's map, and raid5's has no 18.
        assertTrue(text.contains("    Device UUID : a0a1a2a3:a4a5a6a7:a8a9aaab:acadaeaf\n\n"
                + "  Reshape pos'n : 61728 (60.28 MiB 63.21 MB)\n"
                + "  Delta Devices : 1 (4->5)\n"
                + "      New Level : raid6\n"
                + "     New Layout : -unknown-\n"
                + "  New Chunksize : 64K\n"
                + "\n"
                + "          Flags : write-mostly failfast\n"), text);
        assertEquals("  Bad Block Log : 512 entries available at offset 16 sectors - bad blocks present.",
                lineOf(text, "Bad Block Log"));
    }

    @Test
    void shouldDescribeTheMemberAsVersionedJson() {
        Superblock1 sb = reference().toBuilder().setName("h\u00c3\u00a9:a \"q\"").buildWithChecksum();
        ExaminedMember member = ExaminedMember.of("img1", ReferenceImage.DEVICE_SECTORS, sb);

        Map<String, Object> doc = ExamineJson.document(member, "h\u00e9");
        String json = ExamineJson.toJson(member, "h\u00e9");

        assertEquals(ExamineJson.SCHEMA, doc.get("schema"));
        assertEquals(List.of(0, 1, 2, 3), doc.get("devRoles"));
        assertEquals("AAAA", doc.get("arrayState"));
        @SuppressWarnings("unchecked")
        Map<String, Object> array = (Map<String, Object>) doc.get("array");
        assertEquals("h\u00e9:a \"q\"", array.get("name"), "names are UTF-8 bytes on disk");
        assertEquals(301056L, array.get("arraySizeKiB"));
        assertEquals("left-symmetric", array.get("layoutName"));
        assertEquals(true, array.get("localToHost"), "the host name is compared as UTF-8 bytes");
        assertTrue(json.startsWith("{\n  \"schema\": \"orion.examine/1\",\n  \"device\": \"img1\",\n"), json);
        assertTrue(json.contains("\"name\": \"h\u00e9:a \\\"q\\\"\","), json);
        assertTrue(json.contains("\"role\": {\n      \"kind\": \"active\",\n      \"slot\": 1\n    }"), json);
        assertTrue(json.contains("\"checksum\": {\n    \"stored\": \"" + String.format("%08x", sb.checksum())
                + "\",\n    \"expected\": \"" + String.format("%08x", sb.checksum()) + "\",\n    \"correct\": true\n  }"),
                json);
        assertTrue(json.endsWith("\"devRoles\": [0, 1, 2, 3]\n}\n"), json);
    }
}
