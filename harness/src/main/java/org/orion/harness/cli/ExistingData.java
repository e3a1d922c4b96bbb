package org.orion.harness.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;

/**
 * Recognises a file system, swap area or partition table at the start of a device, so that
 * {@code --create} refuses to overwrite one without {@code --force} (mdadm asks the same question).
 * md superblocks are the RAID driver's business; this only looks for what else may hold data:
 *
 * <pre>
 *   ext2/3/4   ef53 (le16) at byte 1080        xfs    "XFSB" at byte 0
 *   btrfs      "_BHRfS_M" at byte 65600        swap   "SWAPSPACE2" / "SWAP-SPACE" at byte 4086
 *   gpt        "EFI PART" at byte 512          lvm2   "LABELONE" at byte 512
 *   dos/mbr    55aa at byte 510 with a non-empty partition entry at 446
 * </pre>
 */
final class ExistingData {
    private static final int HEAD_BYTES = 68 * 1024;

    private ExistingData() {
    }

    /** What {@code device} seems to hold ("an ext2/3/4 file system"), or empty. */
    static Optional<String> find(BlockDevice device) {
        int length = (int) Math.min(HEAD_BYTES, device.info().capacityBytes());
        ByteBuffer head = ByteBuffer.wrap(SyncIo.readBytes(device, 0, length)).order(ByteOrder.LITTLE_ENDIAN);
        if (length >= 1082 && (head.getShort(1080) & 0xffff) == 0xef53) {
            return Optional.of("an ext2/3/4 file system");
        }
        if (text(head, 0, "XFSB")) {
            return Optional.of("an xfs file system");
        }
        if (text(head, 65600, "_BHRfS_M")) {
            return Optional.of("a btrfs file system");
        }
        if (text(head, 4086, "SWAPSPACE2") || text(head, 4086, "SWAP-SPACE")) {
            return Optional.of("a swap area");
        }
        if (text(head, 512, "EFI PART")) {
            return Optional.of("a GPT partition table");
        }
        if (text(head, 512, "LABELONE")) {
            return Optional.of("an LVM2 physical volume");
        }
        if (length >= 512 && (head.getShort(510) & 0xffff) == 0xaa55 && head.getInt(446 + 12) != 0) {
            return Optional.of("a DOS partition table");
        }
        return Optional.empty();
    }

    private static boolean text(ByteBuffer data, int at, String expected) {
        byte[] bytes = expected.getBytes(StandardCharsets.US_ASCII);
        if (at + bytes.length > data.capacity()) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (data.get(at + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
