package org.orion.raid.md;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoRequest;

/**
 * Finds, reads and writes the 1.x superblock on a device (md-format.md §1.1). The kernel reads
 * 4096 bytes at {@code sb_start}; mdadm writes {@code 256 + 2*max_dev} bytes rounded to 512. Both
 * are widened here to whole logical blocks, and a write keeps the rest of those blocks as they were.
 *
 * <p>Blocking control-path I/O through {@link SyncIo}: call it from the array manager's conductor
 * or the command line, never from the ring handler.
 */
public final class SuperblockLocator {
    /** The order locations are tried in: mdadm's default first. */
    public static final List<MetadataVersion> SEARCH_ORDER =
            List.of(MetadataVersion.V1_2, MetadataVersion.V1_1, MetadataVersion.V1_0);

    /** mdadm refuses devices smaller than this many sectors: no room for any superblock. */
    static final long MIN_DEVICE_SECTORS = 24;

    /**
     * A superblock and where it was found.
     *
     * @param version          the location it was read from
     * @param superblock       its fields
     * @param expectedChecksum the checksum its bytes should carry; equal to
     *                         {@code superblock.checksum()} unless it is damaged
     */
    public record Found(MetadataVersion version, Superblock1 superblock, int expectedChecksum) {
        public boolean checksumCorrect() {
            return superblock.checksum() == expectedChecksum;
        }
    }

    private SuperblockLocator() {
    }

    /**
     * The valid superblock on {@code device}, trying 1.2, 1.1 and 1.0. If several locations hold a
     * valid one (a device reused with another metadata version), the newest by creation time wins,
     * as in mdadm. Empty when no location carries the md magic; when some do but none is valid,
     * throws the first location's reason (a {@code CORRUPT} error naming the field).
     */
    public static Optional<Found> find(BlockDevice device) {
        return search(device, true);
    }

    /**
     * Like {@link #find} but as lenient as {@code mdadm --examine}: a location counts when it has
     * the magic, major version 1, a sane {@code max_dev} and the right {@code super_offset}; a bad
     * checksum or a broken kernel rule does not hide it (compare {@link Found#checksumCorrect()}).
     */
    public static Optional<Found> findForExamine(BlockDevice device) {
        return search(device, false);
    }

    /** The superblock at {@code version}'s location, validated as the kernel does. */
    public static Superblock1 read(BlockDevice device, MetadataVersion version) {
        BlockDeviceInfo info = checkSize(device.info());
        byte[] block = readBlock(device, version.superOffsetSectors(info.capacitySectors()));
        return SuperblockCodec.decode(block, info, version);
    }

    /**
     * Writes {@code superblock} at the location its {@code super_offset} names, with FUA so it is
     * durable when this returns.
     */
    public static void write(BlockDevice device, Superblock1 superblock) {
        BlockDeviceInfo info = checkSize(device.info());
        long sbStart = superblock.superOffsetSectors();
        MetadataVersion version = superblock.version();
        if (version.superOffsetSectors(info.capacitySectors()) != sbStart) {
            throw new OrionException(ErrorCode.INTERNAL, info.name() + ": superblock super_offset " + sbStart
                    + " is not where metadata " + version.label() + " lives on a device of " + info.capacitySectors()
                    + " sectors (" + version.superOffsetSectors(info.capacitySectors()) + ")");
        }
        byte[] encoded = SuperblockCodec.encode(superblock);
        long offsetBytes = sbStart * 512;
        int blockBytes = info.logicalBlockBytes();
        long startBytes = offsetBytes / blockBytes * blockBytes;
        int lengthBytes = (int) (ceil(offsetBytes + encoded.length, blockBytes) - startBytes);
        byte[] region = lengthBytes == encoded.length && startBytes == offsetBytes ? new byte[lengthBytes]
                : SyncIo.readBytes(device, startBytes, lengthBytes);
        System.arraycopy(encoded, 0, region, (int) (offsetBytes - startBytes), encoded.length);
        SyncIo.writeBytes(device, startBytes, region, IoRequest.FLAG_FUA);
    }

    private static Optional<Found> search(BlockDevice device, boolean strict) {
        BlockDeviceInfo info = device.info();
        if (info.capacitySectors() < MIN_DEVICE_SECTORS) {
            return Optional.empty();
        }
        Found best = null;
        OrionException firstProblem = null;
        for (MetadataVersion version : SEARCH_ORDER) {
            long sbStart = version.superOffsetSectors(info.capacitySectors());
            byte[] block = readBlock(device, sbStart);
            if (ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).getInt(0) != SuperblockLayout.MAGIC) {
                continue;
            }
            Found candidate;
            try {
                candidate = strict ? strict(block, info, version) : lenient(block, info, sbStart, version);
            } catch (OrionException problem) {
                firstProblem = firstProblem == null ? problem : firstProblem;
                continue;
            }
            if (candidate != null && (best == null
                    || candidate.superblock().ctime().seconds() > best.superblock().ctime().seconds())) {
                best = candidate;
            }
        }
        if (best == null && firstProblem != null && strict) {
            throw firstProblem;
        }
        return Optional.ofNullable(best);
    }

    private static Found strict(byte[] block, BlockDeviceInfo info, MetadataVersion version) {
        Superblock1 sb = SuperblockCodec.decode(block, info, version);
        return new Found(version, sb, sb.checksum());
    }

    /** mdadm's {@code load_super1}: readable and at the place it claims; nothing else is required. */
    private static Found lenient(byte[] block, BlockDeviceInfo info, long sbStart, MetadataVersion version) {
        Superblock1 sb = SuperblockCodec.decodeForExamine(block, info.name());
        if (sb.superOffsetSectors() != sbStart) {
            return null;
        }
        return new Found(version, sb, SuperblockCodec.checksum(block));
    }

    private static BlockDeviceInfo checkSize(BlockDeviceInfo info) {
        if (info.capacitySectors() < MIN_DEVICE_SECTORS) {
            throw new OrionException(ErrorCode.SIZE, info.name() + " has " + info.capacitySectors()
                    + " sectors, too small for md metadata (at least " + MIN_DEVICE_SECTORS + "): use a larger device");
        }
        return info;
    }

    /** The 4096 bytes at {@code sbStart}, read as whole logical blocks. */
    private static byte[] readBlock(BlockDevice device, long sbStart) {
        int blockBytes = device.info().logicalBlockBytes();
        long offsetBytes = sbStart * 512;
        long startBytes = offsetBytes / blockBytes * blockBytes;
        long endBytes = Math.min(ceil(offsetBytes + SuperblockLayout.READ_BYTES, blockBytes),
                device.info().capacityBytes());
        byte[] region = SyncIo.readBytes(device, startBytes, (int) (endBytes - startBytes));
        byte[] block = new byte[SuperblockLayout.READ_BYTES];
        int from = (int) (offsetBytes - startBytes);
        System.arraycopy(region, from, block, 0, Math.min(block.length, region.length - from));
        return block;
    }

    private static long ceil(long bytes, int unit) {
        return (bytes + unit - 1) / unit * unit;
    }
}
