package org.orion.raid.md;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The checksum test image of md-format.md §1.6, built byte by byte from the field table (not
 * through the codec), so the codec can be checked against it: a 100 MiB member, superblock at
 * sector 8, every byte zero except the listed fields. mdadm 4.2 reported its checksum as
 * 0x67cf6614 - correct.
 */
final class ReferenceImage {
    static final int CHECKSUM = 0x67cf6614;
    static final long DEVICE_SECTORS = 204800;

    private ReferenceImage() {
    }

    /** The 512 bytes of the superblock (256 + 2 * 128 roles), checksum field filled in. */
    static byte[] superblockBytes() {
        byte[] sb = new byte[512];
        ByteBuffer b = ByteBuffer.wrap(sb).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0xa92b4efc);
        b.putInt(4, 1);
        for (int i = 0; i < 16; i++) {
            sb[16 + i] = (byte) (0x10 + i);
            sb[168 + i] = (byte) (0xa0 + i);
        }
        byte[] name = "testhost:0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, sb, 32, name.length);
        b.putLong(64, 1700000000L);
        b.putInt(72, 5);
        b.putInt(76, 2);
        b.putLong(80, 200704);
        b.putInt(88, 1024);
        b.putInt(92, 4);
        b.putLong(128, 4096);
        b.putLong(136, 200704);
        b.putLong(144, 8);
        b.putInt(160, 1);
        sb[185] = 0;
        b.putShort(186, (short) 8);
        b.putInt(188, 16);
        b.putLong(192, 1700000060L);
        b.putLong(200, 42);
        b.putLong(208, -1L);
        b.putInt(220, 128);
        for (int i = 0; i < 128; i++) {
            b.putShort(256 + 2 * i, (short) (i < 4 ? i : 0xffff));
        }
        b.putInt(216, CHECKSUM);
        return sb;
    }

    /** The whole 100 MiB image is mostly zeros; this is its first 8 KiB with the superblock at 4096. */
    static byte[] firstBlocks() {
        byte[] head = new byte[8192];
        System.arraycopy(superblockBytes(), 0, head, 4096, 512);
        return head;
    }
}
