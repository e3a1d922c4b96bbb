package org.orion.raid.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDeviceInfo;

/**
 * Each rule of the kernel's {@code super_1_load}, broken on an otherwise good superblock (vector
 * member 0): the decoder refuses it with a message that starts with the device, names the field
 * and says what to do, and changes nothing.
 */
class CorruptSuperblockTest {
    private static final long MEMBER_SECTORS = 14336;
    private static final String DEVICE = "disk0.img";

    private static BlockDeviceInfo device(long sectors, int logicalBlockBytes) {
        return new BlockDeviceInfo(DEVICE, logicalBlockBytes, logicalBlockBytes, sectors * 512, 1 << 20, false, false,
                false);
    }

    /** Member 0's superblock block changed by {@code change}, checksum left as it was. */
    private static byte[] damaged(Consumer<ByteBuffer> change) {
        byte[] block = MdVectors.superblockBlock(0);
        change.accept(ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN));
        return block;
    }

    /** Member 0's superblock changed by {@code change} and given a matching checksum, so later rules are reached. */
    private static byte[] resealed(Consumer<ByteBuffer> change) {
        byte[] block = damaged(change);
        ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).putInt(216, SuperblockCodec.checksum(block));
        return block;
    }

    private static OrionException refused(byte[] block) {
        return refused(block, device(MEMBER_SECTORS, 512));
    }

    private static OrionException refused(byte[] block, BlockDeviceInfo device) {
        byte[] before = block.clone();
        OrionException e = assertThrows(OrionException.class,
                () -> SuperblockCodec.decode(block, device, MetadataVersion.V1_2));
        assertArrayEquals(before, block, "decoding changes nothing");
        assertTrue(e.getMessage().startsWith(DEVICE + ": superblock "), e.getMessage());
        return e;
    }

    private static void assertNames(OrionException e, ErrorCode code, String field) {
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(field), "message names " + field + ": " + e.getMessage());
        int fix = e.getMessage().lastIndexOf(": ");
        assertTrue(fix > DEVICE.length() + 2 && e.getMessage().length() > fix + 10, "message ends with a fix");
    }

    @Test
    void shouldAcceptTheUndamagedSuperblock() {
        assertEquals(23, SuperblockCodec.decode(MdVectors.superblockBlock(0), device(MEMBER_SECTORS, 512),
                MetadataVersion.V1_2).events());
    }

    @Test
    void shouldRefuseAFlippedByteAsABadChecksum() {
        OrionException e = refused(damaged(b -> b.put(40, (byte) (b.get(40) ^ 0x20))));

        assertNames(e, ErrorCode.CORRUPT, "sb_csum is 0x1744fe66 but the superblock sums to 0x");
    }

    @Test
    void shouldRefuseAFlippedRoleAsABadChecksum() {
        assertNames(refused(damaged(b -> b.put(256 + 2 * 127, (byte) 0))), ErrorCode.CORRUPT, "sb_csum");
    }

    @Test
    void shouldIgnoreBytesBeyondTheRoleTable() {
        byte[] block = damaged(b -> b.put(1000, (byte) 0x77));

        assertEquals(23, SuperblockCodec.decode(block, device(MEMBER_SECTORS, 512), MetadataVersion.V1_2).events());
    }

    @Test
    void shouldReportAWrongMagicAsNoSuperblock() {
        OrionException e = refused(damaged(b -> b.putInt(0, 0xa92b4efd)));

        assertNames(e, ErrorCode.NOT_FOUND, "magic is 0xa92b4efd, expected 0xa92b4efc");
    }

    @Test
    void shouldRefuseAnotherMajorVersion() {
        assertNames(refused(resealed(b -> b.putInt(4, 0))), ErrorCode.CORRUPT, "major_version is 0, expected 1");
    }

    @Test
    void shouldRefuseAnUnknownFeatureBit() {
        OrionException e = refused(resealed(b -> b.putInt(8, 0x2000)));

        assertNames(e, ErrorCode.CORRUPT, "feature_map 0x2000 has unknown bits 0x2000");
    }

    @Test
    void shouldRefuseANonZeroPad0() {
        assertNames(refused(resealed(b -> b.putInt(12, 1))), ErrorCode.CORRUPT, "pad0 is 0x00000001, must be 0");
    }

    @Test
    void shouldRefuseANonZeroPad3() {
        assertNames(refused(resealed(b -> b.put(224 + 17, (byte) 0x40))), ErrorCode.CORRUPT,
                "pad3 byte 17 is 0x40, must be 0");
    }

    @Test
    void shouldRefuseADeviceSmallerThanItsData() {
        OrionException e = refused(MdVectors.superblockBlock(0), device(10000, 512));

        assertNames(e, ErrorCode.SIZE, "data_size is 12288 sectors from data_offset 2048, but the device has only"
                + " 10000 sectors");
    }

    @Test
    void shouldAcceptADeviceThatGrewSinceCreation() {
        assertEquals(2048, SuperblockCodec.decode(MdVectors.superblockBlock(0), device(MEMBER_SECTORS * 2, 512),
                MetadataVersion.V1_2).dataOffsetSectors());
    }

    @Test
    void shouldRefuseMoreRolesThanFitInFourKilobytes() {
        assertNames(refused(damaged(b -> b.putInt(220, 1921))), ErrorCode.CORRUPT,
                "max_dev is 1921, more than the 1920");
    }

    @Test
    void shouldAcceptTheLargestRoleTable() {
        byte[] block = resealed(b -> {
            b.putInt(220, 1920);
            for (int i = 128; i < 1920; i++) {
                b.putShort(256 + 2 * i, (short) 0xffff);
            }
        });

        assertEquals(1920, SuperblockCodec.decode(block, device(MEMBER_SECTORS, 512), MetadataVersion.V1_2).maxDev());
    }

    @Test
    void shouldRefuseADataOffsetInsideTheSuperblock() {
        OrionException e = refused(resealed(b -> b.putLong(128, 8)));

        assertNames(e, ErrorCode.CORRUPT, "data_offset 8 lies inside the superblock (sectors 8..8)");
    }

    @Test
    void shouldMeasureTheSuperblockInWholeLogicalBlocks() {
        byte[] block = resealed(b -> {
            b.putLong(128, 12);
            b.putLong(136, 12288);
        });

        assertEquals(12, SuperblockCodec.decode(block, device(MEMBER_SECTORS, 512), MetadataVersion.V1_2)
                .dataOffsetSectors());
        assertNames(refused(block, device(MEMBER_SECTORS, 4096)), ErrorCode.CORRUPT,
                "data_offset 12 lies inside the superblock (sectors 8..15)");
    }

    @Test
    void shouldRefuseAReshapeThatMovesDataIntoTheSuperblock() {
        OrionException e = refused(resealed(b -> {
            b.putInt(8, FeatureMap.RESHAPE_ACTIVE | FeatureMap.NEW_OFFSET);
            b.putInt(124, -2044);
        }));

        assertNames(e, ErrorCode.CORRUPT, "new_offset -2044 puts the reshaped data at sector 4");
    }

    @Test
    void shouldRefuseTheSuperblockOfAnotherLocation() {
        assertNames(refused(resealed(b -> b.putLong(144, 0))), ErrorCode.CORRUPT,
                "super_offset is 0 but it was read at sector 8");
    }

    @Test
    void shouldRefuseATinyDataSize() {
        assertNames(refused(resealed(b -> b.putLong(136, 9))), ErrorCode.CORRUPT, "data_size is 9 sectors");
    }

    @Test
    void shouldRefuseRaid0LayoutOnRaid5() {
        assertNames(refused(resealed(b -> b.putInt(8, FeatureMap.RAID0_LAYOUT))), ErrorCode.CORRUPT,
                "RAID0_LAYOUT but level is 5");
    }

    @Test
    void shouldRefuseRecordedBadBlocksWithoutALog() {
        assertNames(refused(resealed(b -> {
            b.putInt(8, FeatureMap.BAD_BLOCKS);
            b.putInt(188, 0);
        })), ErrorCode.CORRUPT, "bblog_offset is 0");
        assertNames(refused(resealed(b -> {
            b.putInt(8, FeatureMap.BAD_BLOCKS);
            b.putShort(186, (short) 16);
        })), ErrorCode.CORRUPT, "bblog_size is 16 sectors");
    }

    @Test
    void shouldRefuseAPartialParityLogBesideABitmap() {
        assertNames(refused(resealed(b -> b.putInt(8, FeatureMap.PPL | FeatureMap.BITMAP_OFFSET))),
                ErrorCode.CORRUPT, "partial-parity log with a bitmap");
    }

    @Test
    void shouldRefuseATruncatedBlock() {
        byte[] block = new byte[300];
        System.arraycopy(MdVectors.superblockBlock(0), 0, block, 0, 300);

        assertNames(refused(block), ErrorCode.CORRUPT, "max_dev 128 needs 512 bytes, only 300 were read");
    }

    @Test
    void shouldLeaveADamagedDeviceUntouchedAndNameTheField() {
        byte[] image = MdVectors.image(1);
        image[4096 + 50] ^= 1;
        byte[] before = image.clone();
        ImageDevice device = new ImageDevice("disk1.img", image);

        OrionException e = assertThrows(OrionException.class, () -> SuperblockLocator.find(device));

        assertTrue(e.getMessage().startsWith("disk1.img: superblock sb_csum is 0x803e378c"), e.getMessage());
        assertEquals(0, device.writes);
        assertArrayEquals(before, image);
    }

    @Test
    void shouldStillExamineADamagedSuperblockAsMdadmDoes() {
        byte[] image = MdVectors.image(1);
        image[4096 + 50] ^= 1;
        ImageDevice device = new ImageDevice("disk1.img", image);

        SuperblockLocator.Found found = SuperblockLocator.findForExamine(device).orElseThrow();

        assertFalse(found.checksumCorrect());
        String text = ExamineFormatter.examine(ExaminedMember.of("disk1.img", image.length / 512, found), "oracle",
                ZoneOffset.UTC);
        assertTrue(text.contains("       Checksum : 803e378c - expected "
                + Integer.toHexString(SuperblockCodec.checksum(SuperblockCodec.encode(found.superblock())))),
                text);
    }
}
