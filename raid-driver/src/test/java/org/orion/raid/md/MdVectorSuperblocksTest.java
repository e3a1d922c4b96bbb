package org.orion.raid.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * The superblocks real Linux md wrote on the RAID5 vector (mdadm 4.2 create, kernel 6.1 recovery,
 * stop, assemble, check, stop), checked against create.log and expected.env.
 */
class MdVectorSuperblocksTest {
    private static final String[] DEVICES = {"/dev/vda", "/dev/vdb", "/dev/vdc", "/dev/vdd"};

    private static SuperblockLocator.Found find(int member) {
        return SuperblockLocator.find(new ImageDevice("disk" + member + ".img", MdVectors.image(member)))
                .orElseThrow();
    }

    /** The value after "Label : " in member {@code i}'s real examine output. */
    private static String examined(int member, String label) {
        for (String line : MdVectors.examineLines(member)) {
            if (line.trim().startsWith(label + " :")) {
                return line.substring(line.indexOf(" : ") + 3);
            }
        }
        throw new AssertionError("no " + label + " in create.log for member " + member);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldDecodeEveryFieldOfEachVectorMember(int member) {
        Map<String, String> expected = MdVectors.expected();
        SuperblockLocator.Found found = find(member);
        Superblock1 sb = found.superblock();

        assertEquals(MetadataVersion.V1_2, found.version());
        assertEquals(MdUuid.parse(expected.get("ARRAY_UUID")), sb.setUuid());
        assertEquals("oracle:md0", sb.setName());
        assertEquals(0, sb.featureMap());
        assertEquals(ZonedDateTime.of(2026, 11, 24, 0, 41, 18, 0, ZoneOffset.UTC).toEpochSecond(),
                sb.ctime().seconds());
        assertEquals(0, sb.ctime().micros());
        assertEquals(5, sb.level());
        assertEquals(2, sb.layout());
        assertEquals(Integer.parseInt(expected.get("CHUNK_KIB")) * 2, sb.chunkSectors());
        assertEquals(Integer.parseInt(expected.get("NDISKS")), sb.raidDisks());
        long memberSectors = Long.parseLong(expected.get("MEMBER_BYTES")) / 512;
        long dataOffset = Long.parseLong(expected.get("DATA_OFFSET_SECTORS"));
        assertEquals(dataOffset, sb.dataOffsetSectors());
        assertEquals(memberSectors - dataOffset, sb.dataSizeSectors());
        assertEquals(Long.parseLong(expected.get("ARRAY_BYTES")) / 512 / (sb.raidDisks() - 1), sb.sizeSectors());
        assertEquals(8, sb.superOffsetSectors());
        assertEquals(23, sb.events());
        assertTrue(sb.isClean(), "resync_offset all ones");
        assertEquals(128, sb.maxDev());
        assertEquals(member, sb.role(), "disk<i> holds role i");
        assertEquals(MdUuid.parse(examined(member, "Device UUID")), sb.deviceUuid());
        assertEquals(examined(member, "Checksum"), Integer.toHexString(sb.checksum()) + " - correct");
        assertEquals(0, sb.bblogShift());
        assertEquals(8, sb.bblogSizeSectors());
        assertEquals(16, sb.bblogOffsetSectors());
        assertEquals(sb.ctime().seconds() + 2, sb.utime().seconds());
        assertEquals(0, sb.devFlags());
        assertEquals(0, sb.recoveryOffsetSectors());
        assertTrue(found.checksumCorrect());
    }

    @Test
    void shouldShowTheRebuiltLastMemberUnderItsCreateTimeDeviceNumber() {
        // mdadm made the fourth device a spare numbered 4 (so md would rebuild it) and md then
        // recorded it in slot 3; number 3 was never used.
        Superblock1 sb = find(0).superblock();

        assertEquals(List.of(0, 1, 2, 4), Arrays.stream(new int[] {0, 1, 2, 3})
                .mapToObj(i -> find(i).superblock().devNumber()).toList());
        assertEquals(DevRoles.allSpare(128).with(0, 0).with(1, 1).with(2, 2).with(4, 3), sb.devRoles());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldEncodeEachVectorSuperblockBackToTheSameBytes(int member) {
        byte[] block = MdVectors.superblockBlock(member);
        Superblock1 sb = find(member).superblock();

        byte[] encoded = SuperblockCodec.encode(sb);
        assertEquals(512, encoded.length);
        assertArrayEquals(Arrays.copyOf(block, 512), encoded);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldExamineEachVectorMemberExactlyAsMdadmDid(int member) {
        Superblock1 sb = find(member).superblock();
        ExaminedMember examined = ExaminedMember.of(DEVICES[member], MdVectors.image(member).length / 512, sb);

        String text = ExamineFormatter.examine(examined, "oracle", ZoneOffset.UTC);

        assertEquals(String.join("\n", MdVectors.examineLines(member)) + "\n", text);
    }

    @Test
    void shouldPrintTheBriefLineMdadmPrintsForTheVector() {
        // Captured from mdadm 4.2 (Debian 4.2-5): mdadm --examine --brief disk0.img
        assertEquals("ARRAY /dev/md/md0  metadata=1.2 UUID=d4510dc5:32881d05:143247a8:0b481fb3 name=oracle:md0\n",
                ExamineFormatter.brief(find(0).superblock(), false));
    }

    @Test
    void shouldAgreeThatAllFourMembersBelongToOneArray() {
        Superblock1 first = find(0).superblock();
        for (int member = 1; member < MdVectors.MEMBERS; member++) {
            SuperblockChecks.checkSameArray(DEVICES[member], find(member).superblock(), DEVICES[0], first);
        }
        Superblock1 other = first.toBuilder().chunkSectors(256).buildWithChecksum();

        OrionException refused = assertThrows(OrionException.class,
                () -> SuperblockChecks.checkSameArray("/dev/sdz", other, DEVICES[0], first));
        assertEquals(ErrorCode.CONFLICT, refused.code());
        assertTrue(refused.getMessage().startsWith("/dev/sdz: superblock chunksize 256 differs from 128"),
                refused.getMessage());
    }

    @Test
    void shouldKeepEveryOtherFieldWhenAssemblyBumpsEventsAndTime() {
        Superblock1 sb = find(2).superblock();

        Superblock1 bumped = sb.withEvents(24).withUtime(MdTime.ofSeconds(sb.utime().seconds() + 60))
                .withResyncOffset(0);

        Superblock1 reread = SuperblockCodec.decode(SuperblockCodec.encode(bumped),
                new ImageDevice("disk2.img", MdVectors.image(2)).info(), MetadataVersion.V1_2);
        assertEquals(bumped, reread);
        assertEquals(sb.toBuilder().events(24).utime(bumped.utime()).resyncOffsetSectors(0)
                .checksum(bumped.checksum()).build(), bumped);
    }
}
