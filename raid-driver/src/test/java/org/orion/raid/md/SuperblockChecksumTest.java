package org.orion.raid.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class SuperblockChecksumTest {

    @Test
    void shouldGiveTheReferenceChecksumForTheTestVector() {
        assertEquals(ReferenceImage.CHECKSUM, SuperblockCodec.checksum(ReferenceImage.superblockBytes()));
    }

    @Test
    void shouldEncodeTheTestVectorFieldsToTheReferenceBytes() {
        Superblock1 sb = Superblock1.builder()
                .setUuid(MdUuid.parse("10111213:14151617:18191a1b:1c1d1e1f"))
                .setName("testhost:0")
                .ctime(MdTime.ofSeconds(1700000000L))
                .level(5).layout(2).sizeSectors(200704).chunkSectors(1024).raidDisks(4)
                .dataOffsetSectors(4096).dataSizeSectors(200704).superOffsetSectors(8)
                .devNumber(1)
                .deviceUuid(MdUuid.parse("a0a1a2a3:a4a5a6a7:a8a9aaab:acadaeaf"))
                .bblogSizeSectors(8).bblogOffsetSectors(16)
                .utime(MdTime.ofSeconds(1700000060L))
                .events(42)
                .resyncOffsetSectors(Superblock1.MAX_SECTOR)
                .devRoles(DevRoles.allSpare(128).with(0, 0).with(1, 1).with(2, 2).with(3, 3))
                .build();

        assertArrayEquals(ReferenceImage.superblockBytes(), SuperblockCodec.encode(sb));
        assertEquals(ReferenceImage.CHECKSUM, SuperblockCodec.checksum(sb));
    }

    @Test
    void shouldIgnoreTheStoredChecksumWhenSumming() {
        byte[] sb = ReferenceImage.superblockBytes();
        ByteBuffer.wrap(sb).order(ByteOrder.LITTLE_ENDIAN).putInt(216, 0x12345678);

        assertEquals(ReferenceImage.CHECKSUM, SuperblockCodec.checksum(sb));
    }

    @Test
    void shouldFoldOnceAndDropTheCarryOfTheFold() {
        // Words 0xffffffff + 0xffffffff + 1 sum to 0x1_ffff_ffff; one fold gives 0xffffffff + 1,
        // whose carry md drops (an end-around-carry loop would give 1).
        byte[] sb = new byte[256];
        ByteBuffer b = ByteBuffer.wrap(sb).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0xffffffff);
        b.putInt(4, 0xffffffff);
        b.putInt(8, 1);

        assertEquals(0, SuperblockCodec.checksum(sb));
    }

    @Test
    void shouldAddTheTrailingHalfWordWhenMaxDevIsOdd() {
        byte[] sb = new byte[512];
        ByteBuffer b = ByteBuffer.wrap(sb).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(220, 3);
        int withoutLastRole = SuperblockCodec.checksum(sb);
        b.putShort(256 + 4, (short) 0x1234);
        int withLastRole = SuperblockCodec.checksum(sb);
        b.putShort(256 + 6, (short) 0x4321);

        assertEquals(withoutLastRole + 0x1234, withLastRole);
        assertEquals(withLastRole, SuperblockCodec.checksum(sb), "bytes past max_dev are not summed");
    }

    @Test
    void shouldNotSumRolesBeyondMaxDev() {
        byte[] sb = ReferenceImage.superblockBytes();
        byte[] longer = new byte[1024];
        System.arraycopy(sb, 0, longer, 0, sb.length);
        longer[700] = 0x55;

        assertEquals(ReferenceImage.CHECKSUM, SuperblockCodec.checksum(longer));
        longer[300] ^= 1;
        assertNotEquals(ReferenceImage.CHECKSUM, SuperblockCodec.checksum(longer));
    }
}
