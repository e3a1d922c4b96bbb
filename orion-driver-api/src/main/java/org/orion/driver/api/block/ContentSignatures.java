package org.orion.driver.api.block;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.io.IoStatus;

/**
 * Looks for data worth keeping before something overwrites a device (a destructive burn-in, a new
 * array's superblocks), so it can refuse without a force option. Where each magic lives:
 *
 * <pre>
 *   md 1.1    a92b4efc (le32) at byte 0            md 1.2   at byte 4096
 *   md 1.0    at ((sectors - 16) &amp; ~7) * 512 (8..12 KiB from the end, 4 KiB aligned)
 *   md 0.90   at ((sectors &amp; ~127) - 128) * 512 (the last 64 KiB-aligned 64 KiB block)
 *   ext2/3/4  ef53 (le16) at byte 1080             xfs      "XFSB" at byte 0
 *   btrfs     "_BHRfS_M" at byte 65600             swap     "SWAPSPACE2" / "SWAP-SPACE" at byte 4086
 *   gpt       "EFI PART" at byte 512               lvm2     "LABELONE" at byte 512
 *   dos/mbr   55aa (le16) at byte 510 with a non-empty first partition entry (byte 446)
 * </pre>
 */
public final class ContentSignatures {
    /** md superblock magic, stored little-endian. */
    public static final int MD_MAGIC = 0xa92b4efc;
    private static final int HEAD_BYTES = 68 * 1024;
    private static final int TAIL_BYTES = 128 * 1024;

    private ContentSignatures() {
    }

    /** Every signature found on {@code device}; reads its first 68 KiB and last 128 KiB. */
    public static List<ContentSignature> scan(BlockDevice device) {
        long capacity = device.info().capacityBytes();
        List<ContentSignature> found = new ArrayList<>();
        int headLength = (int) Math.min(HEAD_BYTES, capacity);
        ByteBuffer head = read(device, 0, headLength);
        checkLe32(found, head, 0, 0, MD_MAGIC, "md 1.1");
        checkLe32(found, head, 0, 4096, MD_MAGIC, "md 1.2");
        if (headLength >= 1082 && (head.getShort(1080) & 0xffff) == 0xef53) {
            found.add(new ContentSignature("ext2/3/4", 1080));
        }
        checkText(found, head, 0, 0, "XFSB", "xfs");
        checkText(found, head, 0, 65600, "_BHRfS_M", "btrfs");
        checkText(found, head, 0, 4086, "SWAPSPACE2", "swap");
        checkText(found, head, 0, 4086, "SWAP-SPACE", "swap");
        checkText(found, head, 0, 512, "EFI PART", "gpt");
        checkText(found, head, 0, 512, "LABELONE", "lvm2");
        if (headLength >= 512 && (head.getShort(510) & 0xffff) == 0xaa55 && head.getInt(446 + 12) != 0) {
            found.add(new ContentSignature("dos", 510));
        }
        long sectors = capacity / 512;
        long tailStart = Math.max(0, capacity - TAIL_BYTES);
        ByteBuffer tail = read(device, tailStart, (int) (capacity - tailStart));
        if (sectors >= 16) {
            checkLe32(found, tail, tailStart, ((sectors - 16) & ~7L) * 512, MD_MAGIC, "md 1.0");
        }
        if (sectors >= 256) {
            checkLe32(found, tail, tailStart, ((sectors & ~127L) - 128) * 512, MD_MAGIC, "md 0.90");
        }
        return found;
    }

    private static ByteBuffer read(BlockDevice device, long offsetBytes, int lengthBytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        IoStatus status = SyncIo.read(device, offsetBytes, buffer, 0, lengthBytes);
        if (status != IoStatus.OK) {
            throw new OrionException(ErrorCode.IO, device.info().name() + ": reading bytes " + offsetBytes + ".."
                    + (offsetBytes + lengthBytes) + " to look for existing data failed with " + status);
        }
        return buffer;
    }

    private static void checkLe32(List<ContentSignature> found, ByteBuffer data, long dataStart, long at, int magic,
                                  String kind) {
        long index = at - dataStart;
        if (index >= 0 && index + 4 <= data.capacity() && data.getInt((int) index) == magic) {
            found.add(new ContentSignature(kind, at));
        }
    }

    private static void checkText(List<ContentSignature> found, ByteBuffer data, long dataStart, long at, String text,
                                  String kind) {
        long index = at - dataStart;
        byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
        if (index < 0 || index + expected.length > data.capacity()) {
            return;
        }
        for (int i = 0; i < expected.length; i++) {
            if (data.get((int) index + i) != expected[i]) {
                return;
            }
        }
        found.add(new ContentSignature(kind, at));
    }
}
