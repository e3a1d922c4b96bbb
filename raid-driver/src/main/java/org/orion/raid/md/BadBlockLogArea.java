package org.orion.raid.md;

import java.util.ArrayList;
import java.util.List;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoRequest;

/**
 * Where a member's bad-block log lives and what it means to the data path (md-format.md §1.9):
 * reads and writes the log area, and converts between what md records (absolute device sectors,
 * the data offset included, as the kernel's {@code rdev_set_badblocks} stores them) and what the
 * array uses (byte offsets into the member's data area).
 *
 * <pre>
 *   device:  |..| SB |..| bad-block log |..........| data ..............................|
 *                ^sb_start  ^sb_start + bblog_offset  ^data_offset
 *   log entry "sector S for N sectors"  =  data-area bytes [(S - data_offset) * 512, + N * 512)
 * </pre>
 *
 * <p>Blocking control-path I/O through {@link SyncIo}, like {@link SuperblockLocator}: the array's
 * conductor or the command line, never the ring handler.
 */
public final class BadBlockLogArea {
    /** The kernel keeps the log in one page: it refuses a larger area when bad blocks are recorded. */
    public static final int MAX_SECTORS = 8;

    private BadBlockLogArea() {
    }

    /** True if the member has an area md can record bad blocks in (mdadm reserves one unless told not to). */
    public static boolean usable(Superblock1 sb) {
        return sb.bblogOffsetSectors() != 0 && sb.bblogSizeSectors() > 0 && sb.bblogSizeSectors() <= MAX_SECTORS;
    }

    /**
     * The member's log: empty when {@link FeatureMap#BAD_BLOCKS} is clear (mdadm leaves a fresh
     * area zeroed, so it must not be decoded), else decoded from the device. A damaged log throws
     * {@code CORRUPT} naming the device and the fix ({@link BadBlockLog#decode}).
     */
    public static BadBlockLog read(BlockDevice device, Superblock1 sb) {
        if (!sb.hasFeature(FeatureMap.BAD_BLOCKS) || sb.bblogOffsetSectors() == 0) {
            return BadBlockLog.emptyFor(sb);
        }
        return BadBlockLog.decode(readArea(device, sb), sb.bblogShift(), device.info().name());
    }

    /** The raw log area: {@code bblog_size} sectors at {@code sb_start + bblog_offset}. */
    public static byte[] readArea(BlockDevice device, Superblock1 sb) {
        long offsetBytes = areaOffsetBytes(sb);
        int lengthBytes = sb.bblogSizeSectors() * 512;
        int blockBytes = device.info().logicalBlockBytes();
        long startBytes = offsetBytes / blockBytes * blockBytes;
        int spanBytes = (int) (ceil(offsetBytes + lengthBytes, blockBytes) - startBytes);
        byte[] region = SyncIo.readBytes(device, startBytes, spanBytes);
        byte[] area = new byte[lengthBytes];
        System.arraycopy(region, (int) (offsetBytes - startBytes), area, 0, lengthBytes);
        return area;
    }

    /**
     * Writes {@code log} into the member's area as the kernel does (entries, then all-ones up to the
     * end of the area), with FUA: durable when this returns, so a superblock written afterwards may
     * rely on it. The caller sets or clears {@link FeatureMap#BAD_BLOCKS} in that superblock.
     *
     * @throws IllegalArgumentException if the member has no usable area ({@link #usable})
     */
    public static void write(BlockDevice device, Superblock1 sb, BadBlockLog log) {
        if (!usable(sb)) {
            throw new IllegalArgumentException(device.info().name() + " has no bad-block log area (bblog_offset "
                    + sb.bblogOffsetSectors() + ", bblog_size " + sb.bblogSizeSectors() + ")");
        }
        byte[] area = new byte[sb.bblogSizeSectors() * 512];
        byte[] entries = log.encode();
        java.util.Arrays.fill(area, (byte) 0xff);
        System.arraycopy(entries, 0, area, 0, Math.min(entries.length, area.length));
        long offsetBytes = areaOffsetBytes(sb);
        int blockBytes = device.info().logicalBlockBytes();
        long startBytes = offsetBytes / blockBytes * blockBytes;
        int spanBytes = (int) (ceil(offsetBytes + area.length, blockBytes) - startBytes);
        byte[] region = spanBytes == area.length && startBytes == offsetBytes ? new byte[spanBytes]
                : SyncIo.readBytes(device, startBytes, spanBytes);
        System.arraycopy(area, 0, region, (int) (offsetBytes - startBytes), area.length);
        SyncIo.writeBytes(device, startBytes, region, IoRequest.FLAG_FUA);
    }

    /**
     * The log's ranges as {@code [start, end)} byte offsets into the member's data area; parts
     * outside the data area (md may record bad sectors anywhere on the device) are left out.
     */
    public static List<long[]> dataRanges(BadBlockLog log, Superblock1 sb) {
        List<long[]> out = new ArrayList<>();
        long dataStart = sb.dataOffsetSectors();
        long dataEnd = dataStart + sb.dataSizeSectors();
        for (BadBlockLog.Range range : log.ranges()) {
            long start = Math.max(range.startSector(), dataStart);
            long end = Math.min(range.endSector(), dataEnd);
            if (end > start) {
                out.add(new long[] {(start - dataStart) * 512, (end - dataStart) * 512});
            }
        }
        return out;
    }

    /**
     * The log recording {@code dataRanges} ({@code [start, end)} data-area bytes), widened to whole
     * sectors and log units: a bad range may only grow, never shrink. Throws {@code SIZE} when they
     * need more entries than the area holds.
     */
    public static BadBlockLog fromDataRanges(List<long[]> dataRanges, Superblock1 sb) {
        BadBlockLog log = BadBlockLog.emptyFor(sb);
        for (long[] range : dataRanges) {
            long startSector = sb.dataOffsetSectors() + range[0] / 512;
            long endSector = sb.dataOffsetSectors() + (range[1] + 511) / 512;
            log = log.add(startSector, endSector - startSector);
        }
        return log;
    }

    private static long areaOffsetBytes(Superblock1 sb) {
        return (sb.superOffsetSectors() + sb.bblogOffsetSectors()) * 512;
    }

    private static long ceil(long bytes, int unit) {
        return (bytes + unit - 1) / unit * unit;
    }
}
