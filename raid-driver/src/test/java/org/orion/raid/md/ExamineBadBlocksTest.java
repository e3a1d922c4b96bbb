package org.orion.raid.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * {@code --examine-badblocks} in mdadm 4.2's words, the log entries in {@code --examine --json},
 * the refusals (no log area, a damaged log), and the conversion between the log's device sectors
 * and the array's data-area offsets. The member is the md-format.md §1.6 reference superblock
 * (log of 8 sectors at sb + 16, data at sector 4096).
 */
class ExamineBadBlocksTest {
    /** The reference superblock with {@code extraFeatures} set. */
    private static Superblock1 reference(int extraFeatures) {
        byte[] block = new byte[4096];
        System.arraycopy(ReferenceImage.superblockBytes(), 0, block, 0, 512);
        Superblock1 sb = SuperblockCodec.decodeForExamine(block, "img1");
        return sb.withFeatureMap(sb.featureMap() | extraFeatures);
    }

    private static ImageDevice image() {
        return new ImageDevice("img1", new byte[64 * 1024]);
    }

    @Test
    void shouldListEveryEntryAsMdadmExamineBadblocksDoes() {
        Superblock1 sb = reference(FeatureMap.BAD_BLOCKS);
        ImageDevice image = image();
        BadBlockLogArea.write(image, sb, BadBlockLog.emptyFor(sb).add(8192, 16).add(100000, 1300));

        assertEquals("Bad-blocks on img1:\n"
                + "                8192 for 16 sectors\n"
                + "              100000 for 512 sectors\n"
                + "              100512 for 512 sectors\n"
                + "              101024 for 276 sectors\n", ExamineBadBlocks.text(image, sb));
    }

    @Test
    void shouldSayTheListIsEmptyWhenTheSuperblockRecordsNoBadBlocks() {
        assertEquals("Bad-blocks list is empty in img1\n", ExamineBadBlocks.text(image(), reference(0)),
                "a fresh (zeroed) log area is not read at all");
    }

    @Test
    void shouldRefuseAMemberWithoutALogAreaInOneLine() {
        Superblock1 none = reference(0).toBuilder().bblogOffsetSectors(0).bblogSizeSectors(0).buildWithChecksum();
        OrionException e = assertThrows(OrionException.class, () -> ExamineBadBlocks.text(image(), none));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals("img1 has no bad-block log (bblog_offset 0, bblog_size 0): md records no bad blocks on it, so there"
                + " is nothing to list", e.getMessage());
    }

    @Test
    void shouldRefuseADamagedLogNamingTheEntryAndTheFix() {
        Superblock1 sb = reference(FeatureMap.BAD_BLOCKS);
        ImageDevice image = image();
        BadBlockLogArea.write(image, sb, BadBlockLog.emptyFor(sb).add(8192, 16));
        ByteBuffer.wrap(image.image).order(ByteOrder.LITTLE_ENDIAN).putLong(24 * 512 + 8, 77L << 10);

        OrionException e = assertThrows(OrionException.class, () -> ExamineBadBlocks.text(image, sb));
        assertEquals(ErrorCode.CORRUPT, e.code());
        assertTrue(e.getMessage().startsWith("img1: bad-block log entry 1 (0x0000000000013400) has length 0")
                && e.getMessage().contains("--update=force-no-bbl") && !e.getMessage().contains("\n"), e.getMessage());
        assertThrows(OrionException.class, () -> BadBlockLogArea.read(image, sb), "assembly refuses it the same way");
    }

    @Test
    void shouldCarryTheEntriesInTheExamineJson() {
        Superblock1 sb = reference(FeatureMap.BAD_BLOCKS);
        ImageDevice image = image();
        BadBlockLogArea.write(image, sb, BadBlockLog.emptyFor(sb).add(8192, 16));
        String json = ExamineJson.toJson(ExaminedMember.of("img1", ReferenceImage.DEVICE_SECTORS, sb)
                .withBadBlocks(ExamineBadBlocks.read(image, sb)), "testhost");

        assertTrue(json.contains("\"badBlocksPresent\": true,\n    \"recorded\": {\n      \"entries\": [\n"
                + "        {\n          \"sector\": 8192,\n          \"sectors\": 16\n        }\n      ],\n"
                + "      \"problem\": null\n    }"), json);
    }

    @Test
    void shouldConvertBetweenDeviceSectorsAndDataAreaBytes() {
        Superblock1 sb = reference(0);
        // Data starts at sector 4096: a range before it is not array data and is left out.
        BadBlockLog log = BadBlockLog.emptyFor(sb).add(100, 8).add(4096 + 10, 6);
        List<long[]> data = BadBlockLogArea.dataRanges(log, sb);
        assertEquals(1, data.size());
        assertEquals(10 * 512, data.get(0)[0]);
        assertEquals(16 * 512, data.get(0)[1]);
        // Back to the log: partial sectors widen, never shrink.
        assertEquals(List.of(new BadBlockLog.Range(4096 + 10, 7)),
                BadBlockLogArea.fromDataRanges(List.of(new long[] {10 * 512 + 100, 16 * 512 + 1}), sb).ranges());
    }
}
