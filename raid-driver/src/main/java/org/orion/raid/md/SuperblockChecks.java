package org.orion.raid.md;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDeviceInfo;

/**
 * The Linux kernel's load-time rules for a 1.x superblock ({@code super_1_load} and the
 * feature-combination checks of {@code super_1_validate}; md-format.md §1.7), as errors a user can
 * act on. Each failure throws {@code OrionException(CORRUPT)} whose message starts with the device
 * and names the field: "{@code disk2.img: superblock sb_csum is 0x... : <fix>}". Nothing is ever
 * changed on the device.
 *
 * <p>The order follows the kernel's, so the first reason the kernel would give is the one reported.
 * A missing magic is {@code NOT_FOUND} (there is no superblock, rather than a broken one) and a
 * device too small for its {@code data_size} is {@code SIZE}; everything else is {@code CORRUPT}.
 */
public final class SuperblockChecks {
    /** The fix for a superblock that is damaged beyond what md tolerates. */
    static final String REWRITE = "re-add the device to its array to rewrite the superblock"
            + " (mdadm --manage --add), or recreate the array over the same devices with --assume-clean";

    private SuperblockChecks() {
    }

    /** What any reader needs: the magic, major version 1 and a role table that fits in 4 KiB. */
    static void checkReadable(byte[] block, String device) {
        if (block.length < SuperblockLayout.FIXED_BYTES) {
            throw corrupt(device, "is truncated: " + block.length + " bytes, the fixed part alone is 256",
                    "read 4096 bytes at the superblock's location");
        }
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(SuperblockLayout.MAGIC_AT);
        if (magic != SuperblockLayout.MAGIC) {
            throw new OrionException(ErrorCode.NOT_FOUND, String.format("%s: superblock magic is 0x%08x, expected"
                    + " 0xa92b4efc, so there is no md superblock here: check that this is an md member and its"
                    + " metadata version (1.0 lives at the end, 1.1 at the start, 1.2 at 4 KiB)", device, magic));
        }
        int major = b.getInt(SuperblockLayout.MAJOR_VERSION_AT);
        if (major != 1) {
            throw corrupt(device, "major_version is " + major + ", expected 1",
                    "this is not md 1.x metadata (0.90 is not supported); convert it with mdadm --update=metadata");
        }
        long maxDev = Integer.toUnsignedLong(b.getInt(SuperblockLayout.MAX_DEV_AT));
        if (maxDev > DevRoles.MAX_ENTRIES) {
            throw corrupt(device, "max_dev is " + maxDev + ", more than the 1920 roles that fit in 4 KiB", REWRITE);
        }
        if (block.length < SuperblockLayout.usedBytes((int) maxDev)) {
            throw corrupt(device, "is truncated: max_dev " + maxDev + " needs " + SuperblockLayout.usedBytes((int) maxDev)
                    + " bytes, only " + block.length + " were read", "read 4096 bytes at the superblock's location");
        }
    }

    /** The kernel's first checks: readable, at the place it claims, no feature bits from the future. */
    static void checkHeader(byte[] block, String device, long expectedSuperOffset) {
        checkReadable(block, device);
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        long superOffset = b.getLong(SuperblockLayout.SUPER_OFFSET_AT);
        if (superOffset != expectedSuperOffset) {
            throw corrupt(device, "super_offset is " + superOffset + " but it was read at sector " + expectedSuperOffset,
                    "it was copied from another location or device; " + REWRITE);
        }
        int featureMap = b.getInt(SuperblockLayout.FEATURE_MAP_AT);
        int unknown = featureMap & ~FeatureMap.KNOWN;
        if (unknown != 0) {
            throw corrupt(device, String.format("feature_map 0x%x has unknown bits 0x%x", featureMap, unknown),
                    "it was written by a newer md; use a newer Orion or Linux kernel to assemble it");
        }
        int stored = b.getInt(SuperblockLayout.SB_CSUM_AT);
        int computed = SuperblockCodec.checksum(block);
        if (stored != computed) {
            throw corrupt(device, String.format("sb_csum is 0x%08x but the superblock sums to 0x%08x", stored, computed),
                    "the superblock is damaged; " + REWRITE);
        }
    }

    /** The kernel's remaining checks, on the decoded fields and the device they came from. */
    static void checkBody(byte[] block, Superblock1 sb, BlockDeviceInfo device, MetadataVersion version) {
        String name = device.name();
        if (Long.compareUnsigned(sb.dataSizeSectors(), 10) < 0) {
            throw corrupt(name, "data_size is " + sb.dataSizeSectors() + " sectors, below md's minimum of 10", REWRITE);
        }
        checkPadding(block, name);
        if (version.superblockBeforeData()) {
            checkDataAfterSuperblock(sb, device, version);
        }
        if (sb.hasFeature(FeatureMap.BAD_BLOCKS)) {
            if (sb.bblogSizeSectors() > 8) {
                throw corrupt(name, "bblog_size is " + sb.bblogSizeSectors()
                        + " sectors; md reads at most 8 (one 4 KiB page)", REWRITE);
            }
            if (sb.bblogOffsetSectors() == 0) {
                throw corrupt(name, "bblog_offset is 0 although feature_map says bad blocks are recorded", REWRITE);
            }
        }
        if (sb.hasFeature(FeatureMap.RAID0_LAYOUT) && sb.level() != 0) {
            throw corrupt(name, "feature_map has RAID0_LAYOUT but level is " + sb.level()
                    + "; the bit is only valid for raid0", REWRITE);
        }
        checkDeviceSize(sb, device, version);
        checkPplCombination(sb, name);
    }

    private static void checkPadding(byte[] block, String device) {
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        int pad0 = b.getInt(SuperblockLayout.PAD0_AT);
        if (pad0 != 0) {
            throw corrupt(device, String.format("pad0 is 0x%08x, must be 0", pad0),
                    "a newer md may have written a field this version does not know, or the superblock is damaged; "
                            + REWRITE);
        }
        for (int i = 0; i < SuperblockLayout.PAD3_BYTES; i++) {
            int value = block[SuperblockLayout.PAD3_AT + i] & 0xff;
            if (value != 0) {
                throw corrupt(device, String.format("pad3 byte %d is 0x%02x, must be 0", i, value),
                        "a newer md may have written a field this version does not know, or the superblock is"
                                + " damaged; " + REWRITE);
            }
        }
    }

    /** 1.1/1.2: data (and the reshape's new data position) must start after the superblock's blocks. */
    private static void checkDataAfterSuperblock(Superblock1 sb, BlockDeviceInfo device, MetadataVersion version) {
        long sbStart = version.superOffsetSectors(device.capacitySectors());
        int block = device.logicalBlockBytes();
        long sbSectors = ((SuperblockLayout.usedBytes(sb.maxDev()) + block - 1) / block * block) / 512;
        long firstFree = sbStart + sbSectors;
        if (Long.compareUnsigned(sb.dataOffsetSectors(), firstFree) < 0) {
            throw corrupt(device.name(), "data_offset " + sb.dataOffsetSectors() + " lies inside the superblock (sectors "
                    + sbStart + ".." + (firstFree - 1) + ")", REWRITE);
        }
        if (sb.hasFeature(FeatureMap.RESHAPE_ACTIVE) && sb.hasFeature(FeatureMap.NEW_OFFSET)) {
            long newDataOffset = sb.dataOffsetSectors() + sb.newOffsetSectors();
            if (newDataOffset < firstFree) {
                throw corrupt(device.name(), "new_offset " + sb.newOffsetSectors() + " puts the reshaped data at sector "
                        + newDataOffset + ", inside the superblock (sectors " + sbStart + ".." + (firstFree - 1) + ")",
                        REWRITE);
            }
        }
    }

    private static void checkDeviceSize(Superblock1 sb, BlockDeviceInfo device, MetadataVersion version) {
        long deviceSectors = device.capacitySectors();
        long room;
        if (!version.superblockBeforeData()) {
            room = version.superOffsetSectors(deviceSectors);
        } else if (Long.compareUnsigned(sb.dataOffsetSectors(), deviceSectors) > 0) {
            room = -1;
        } else {
            room = deviceSectors - sb.dataOffsetSectors();
        }
        if (room < 0 || Long.compareUnsigned(room, sb.dataSizeSectors()) < 0) {
            String where = version.superblockBeforeData() ? " from data_offset " + sb.dataOffsetSectors()
                    : " before the superblock at sector " + version.superOffsetSectors(deviceSectors);
            throw new OrionException(ErrorCode.SIZE, device.name() + ": superblock data_size is "
                    + Long.toUnsignedString(sb.dataSizeSectors()) + " sectors" + where + ", but the device has only "
                    + deviceSectors + " sectors: the device is smaller than when it joined the array (truncated image"
                    + " or a different device); use the original device or restore its full size");
        }
    }

    private static void checkPplCombination(Superblock1 sb, String device) {
        int features = sb.featureMap();
        if (!FeatureMap.anyPpl(features)) {
            return;
        }
        if ((features & (FeatureMap.BITMAP_OFFSET | FeatureMap.JOURNAL)) != 0) {
            throw corrupt(device, String.format("feature_map 0x%x combines a partial-parity log with a bitmap or"
                    + " journal, which md refuses", features), REWRITE);
        }
        if (sb.hasFeature(FeatureMap.PPL | FeatureMap.MULTIPLE_PPLS)) {
            throw corrupt(device, String.format("feature_map 0x%x sets both PPL and MULTIPLE_PPLS", features), REWRITE);
        }
    }

    /**
     * Members of one array must agree on what the kernel compares before accepting a second
     * member: set_uuid, level, layout and chunk size.
     */
    public static void checkSameArray(String device, Superblock1 sb, String referenceDevice, Superblock1 reference) {
        String differs = null;
        if (!sb.setUuid().equals(reference.setUuid())) {
            differs = "set_uuid " + sb.setUuid() + " differs from " + reference.setUuid();
        } else if (sb.level() != reference.level()) {
            differs = "level " + sb.level() + " differs from " + reference.level();
        } else if (sb.layout() != reference.layout()) {
            differs = "layout " + sb.layout() + " differs from " + reference.layout();
        } else if (sb.chunkSectors() != reference.chunkSectors()) {
            differs = "chunksize " + sb.chunkSectors() + " differs from " + reference.chunkSectors();
        }
        if (differs != null) {
            throw new OrionException(ErrorCode.CONFLICT, device + ": superblock " + differs + " on " + referenceDevice
                    + ": the devices belong to different arrays; list only the members of one array");
        }
    }

    static OrionException corrupt(String device, String problem, String fix) {
        return new OrionException(ErrorCode.CORRUPT, device + ": superblock " + problem + ": " + fix);
    }
}
