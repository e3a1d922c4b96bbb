package org.orion.raid.md;

import static org.orion.raid.md.SuperblockLayout.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.orion.driver.api.block.BlockDeviceInfo;

/**
 * Bytes to {@link Superblock1} and back, and the 1.x checksum. All integers are little-endian
 * (md-format.md §1.2); layout in {@link SuperblockLayout}.
 *
 * <p>{@link #decode} accepts exactly what the Linux kernel's {@code super_1_load} accepts and
 * otherwise throws {@code OrionException(CORRUPT)} naming the device, the field and the fix
 * ({@link SuperblockChecks}). {@link #decodeForExamine} is as lenient as mdadm's reader, so a
 * damaged superblock can still be shown with {@code Checksum : ... - expected ...}.
 *
 * <p>{@link #encode} writes what mdadm writes: {@code 256 + 2 * max_dev} bytes rounded up to 512,
 * with a freshly computed checksum, and the bytes past the role table filled with 0xff (mdadm sets
 * the whole role area to 0xff before filling in roles).
 */
public final class SuperblockCodec {
    private SuperblockCodec() {
    }

    /**
     * Decodes and validates the superblock in {@code block} (the 4096 bytes read at the
     * version's location on {@code device}), refusing anything the kernel would refuse.
     */
    public static Superblock1 decode(byte[] block, BlockDeviceInfo device, MetadataVersion version) {
        long expectedSuperOffset = version.superOffsetSectors(device.capacitySectors());
        SuperblockChecks.checkHeader(block, device.name(), expectedSuperOffset);
        Superblock1 superblock = read(block);
        SuperblockChecks.checkBody(block, superblock, device, version);
        return superblock;
    }

    /**
     * Decodes with only the checks without which nothing can be read (magic, major version,
     * {@code max_dev}), as mdadm's {@code --examine} does; the checksum and the kernel's other rules
     * are left to the caller ({@link #checksum(byte[])} gives the value the bytes should carry).
     */
    public static Superblock1 decodeForExamine(byte[] block, String deviceName) {
        SuperblockChecks.checkReadable(block, deviceName);
        return read(block);
    }

    /** The superblock as mdadm writes it: {@code 256 + 2*max_dev} bytes rounded up to 512, fresh checksum. */
    public static byte[] encode(Superblock1 sb) {
        byte[] out = new byte[SuperblockLayout.writtenBytes(sb.maxDev())];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC_AT, MAGIC);
        b.putInt(MAJOR_VERSION_AT, 1);
        b.putInt(FEATURE_MAP_AT, sb.featureMap());
        sb.setUuid().toBytes(out, SET_UUID_AT);
        byte[] name = sb.setName().getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(name, 0, out, SET_NAME_AT, name.length);
        b.putLong(CTIME_AT, sb.ctime().raw());
        b.putInt(LEVEL_AT, sb.level());
        b.putInt(LAYOUT_AT, sb.layout());
        b.putLong(SIZE_AT, sb.sizeSectors());
        b.putInt(CHUNKSIZE_AT, sb.chunkSectors());
        b.putInt(RAID_DISKS_AT, sb.raidDisks());
        b.putInt(BITMAP_OFFSET_AT, sb.bitmapOffsetSectors());
        b.putInt(NEW_LEVEL_AT, sb.newLevel());
        b.putLong(RESHAPE_POSITION_AT, sb.reshapePositionSectors());
        b.putInt(DELTA_DISKS_AT, sb.deltaDisks());
        b.putInt(NEW_LAYOUT_AT, sb.newLayout());
        b.putInt(NEW_CHUNK_AT, sb.newChunkSectors());
        b.putInt(NEW_OFFSET_AT, sb.newOffsetSectors());
        b.putLong(DATA_OFFSET_AT, sb.dataOffsetSectors());
        b.putLong(DATA_SIZE_AT, sb.dataSizeSectors());
        b.putLong(SUPER_OFFSET_AT, sb.superOffsetSectors());
        b.putLong(RECOVERY_OFFSET_AT, sb.recoveryOffsetSectors());
        b.putInt(DEV_NUMBER_AT, sb.devNumber());
        b.putInt(CNT_CORRECTED_READ_AT, sb.cntCorrectedRead());
        sb.deviceUuid().toBytes(out, DEVICE_UUID_AT);
        out[DEVFLAGS_AT] = (byte) sb.devFlags();
        out[BBLOG_SHIFT_AT] = (byte) sb.bblogShift();
        b.putShort(BBLOG_SIZE_AT, (short) sb.bblogSizeSectors());
        b.putInt(BBLOG_OFFSET_AT, sb.bblogOffsetSectors());
        b.putLong(UTIME_AT, sb.utime().raw());
        b.putLong(EVENTS_AT, sb.events());
        b.putLong(RESYNC_OFFSET_AT, sb.resyncOffsetSectors());
        b.putInt(MAX_DEV_AT, sb.maxDev());
        int[] roles = sb.devRoles().toArray();
        for (int i = 0; i < roles.length; i++) {
            b.putShort(DEV_ROLES_AT + 2 * i, (short) roles[i]);
        }
        Arrays.fill(out, SuperblockLayout.usedBytes(roles.length), out.length, (byte) 0xff);
        b.putInt(SB_CSUM_AT, checksum(out));
        return out;
    }

    /** The checksum {@link #encode} stores for {@code sb}. */
    public static int checksum(Superblock1 sb) {
        return ByteBuffer.wrap(encode(sb)).order(ByteOrder.LITTLE_ENDIAN).getInt(SB_CSUM_AT);
    }

    /**
     * md's {@code calc_sb_1_csum} over raw superblock bytes (md-format.md §1.5): the little-endian
     * 32-bit words of the first {@code 256 + 2*max_dev} bytes (with {@code sb_csum} taken as 0)
     * summed in 64 bits, plus a trailing 16-bit word when {@code max_dev} is odd, then folded once:
     * low half plus high half, truncated to 32 bits (a carry out of the fold is dropped, not
     * added back). {@code max_dev} is read from the bytes and must be at most 1920.
     */
    public static int checksum(byte[] sb) {
        ByteBuffer b = ByteBuffer.wrap(sb).order(ByteOrder.LITTLE_ENDIAN);
        int maxDev = b.getInt(MAX_DEV_AT);
        if (maxDev < 0 || maxDev > DevRoles.MAX_ENTRIES) {
            throw new IllegalArgumentException("max_dev " + Integer.toUnsignedString(maxDev) + " exceeds 1920");
        }
        int length = SuperblockLayout.usedBytes(maxDev);
        long sum = 0;
        int at = 0;
        for (; at + 4 <= length; at += 4) {
            if (at != SB_CSUM_AT) {
                sum += Integer.toUnsignedLong(b.getInt(at));
            }
        }
        if (length - at == 2) {
            sum += Short.toUnsignedInt(b.getShort(at));
        }
        return (int) ((sum & 0xffffffffL) + (sum >>> 32));
    }

    /** Reads every field; the caller has checked magic, major version and max_dev. */
    private static Superblock1 read(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int maxDev = b.getInt(MAX_DEV_AT);
        int[] roles = new int[maxDev];
        for (int i = 0; i < maxDev; i++) {
            roles[i] = Short.toUnsignedInt(b.getShort(DEV_ROLES_AT + 2 * i));
        }
        return Superblock1.builder()
                .featureMap(b.getInt(FEATURE_MAP_AT))
                .setUuid(MdUuid.fromBytes(raw, SET_UUID_AT))
                .setName(new String(raw, SET_NAME_AT, SET_NAME_BYTES, StandardCharsets.ISO_8859_1))
                .ctime(MdTime.fromRaw(b.getLong(CTIME_AT)))
                .level(b.getInt(LEVEL_AT))
                .layout(b.getInt(LAYOUT_AT))
                .sizeSectors(b.getLong(SIZE_AT))
                .chunkSectors(b.getInt(CHUNKSIZE_AT))
                .raidDisks(b.getInt(RAID_DISKS_AT))
                .bitmapOffsetSectors(b.getInt(BITMAP_OFFSET_AT))
                .newLevel(b.getInt(NEW_LEVEL_AT))
                .reshapePositionSectors(b.getLong(RESHAPE_POSITION_AT))
                .deltaDisks(b.getInt(DELTA_DISKS_AT))
                .newLayout(b.getInt(NEW_LAYOUT_AT))
                .newChunkSectors(b.getInt(NEW_CHUNK_AT))
                .newOffsetSectors(b.getInt(NEW_OFFSET_AT))
                .dataOffsetSectors(b.getLong(DATA_OFFSET_AT))
                .dataSizeSectors(b.getLong(DATA_SIZE_AT))
                .superOffsetSectors(b.getLong(SUPER_OFFSET_AT))
                .recoveryOffsetSectors(b.getLong(RECOVERY_OFFSET_AT))
                .devNumber(b.getInt(DEV_NUMBER_AT))
                .cntCorrectedRead(b.getInt(CNT_CORRECTED_READ_AT))
                .deviceUuid(MdUuid.fromBytes(raw, DEVICE_UUID_AT))
                .devFlags(raw[DEVFLAGS_AT] & 0xff)
                .bblogShift(raw[BBLOG_SHIFT_AT] & 0xff)
                .bblogSizeSectors(Short.toUnsignedInt(b.getShort(BBLOG_SIZE_AT)))
                .bblogOffsetSectors(b.getInt(BBLOG_OFFSET_AT))
                .utime(MdTime.fromRaw(b.getLong(UTIME_AT)))
                .events(b.getLong(EVENTS_AT))
                .resyncOffsetSectors(b.getLong(RESYNC_OFFSET_AT))
                .checksum(b.getInt(SB_CSUM_AT))
                .devRoles(DevRoles.of(roles))
                .build();
    }
}
