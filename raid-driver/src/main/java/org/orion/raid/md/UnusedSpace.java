package org.orion.raid.md;

/**
 * Free sectors around a member's data area, as mdadm computes them ({@code getinfo_super1}) for
 * {@code --examine}'s "Unused Space" line and for deciding whether a reshape can move the data
 * offset instead of using a backup file.
 *
 * <pre>
 *  1.1/1.2: |..SB..|bitmap/bblog|  before  |data (size or data_size)|  after  |end
 *                               ^earliest = max(sb+36K, bitmap end, bblog end)
 *  1.0:     |  before (= data_offset)  |data|  after  |bblog/bitmap|SB|end
 * </pre>
 * Faithful to mdadm 4.2, quirks included: for a bitmap after the superblock mdadm compares the
 * bitmap's end <em>relative to the superblock</em> with absolute sectors, and "after" is unsigned
 * (a member smaller than its data wraps around). When both are 0 mdadm stores after = 1 ("no room,
 * but a shrink could still work"), and {@code --examine} then omits the line.
 *
 * @param beforeSectors free sectors between the metadata and the data
 * @param afterSectors  free sectors after the data (compare unsigned)
 */
public record UnusedSpace(long beforeSectors, long afterSectors) {
    /** The space for {@code sb} on a device of {@code deviceSectors}; {@code bitmapBytes} = its on-disk bitmap size, or 0. */
    public static UnusedSpace of(Superblock1 sb, long deviceSectors, long bitmapBytes) {
        long superOffset = sb.superOffsetSectors();
        long dataOffset = sb.dataOffsetSectors();
        long bitmapOffset = sb.hasFeature(FeatureMap.BITMAP_OFFSET) ? sb.bitmapOffsetSectors() : 0;
        boolean ppl = !sb.hasFeature(FeatureMap.BITMAP_OFFSET) && FeatureMap.anyPpl(sb.featureMap());
        long pplOffset = ppl ? sb.pplOffsetSectors() : 0;
        long pplSize = ppl ? sb.pplSizeSectors() : 0;
        boolean badBlockLog = sb.bblogOffsetSectors() != 0 && sb.bblogSizeSectors() != 0;
        // mdadm compares info->array.level as a signed int here.
        long dataSize = sb.level() <= 0 ? sb.dataSizeSectors() : sb.sizeSectors();
        long before;
        long after;
        if (Long.compareUnsigned(dataOffset, superOffset) < 0) {
            before = dataOffset;
            long end = superOffset;
            if (badBlockLog && superOffset + sb.bblogOffsetSectors() < end) {
                end = superOffset + sb.bblogOffsetSectors();
            }
            if (superOffset + bitmapOffset + pplOffset < end) {
                end = superOffset + bitmapOffset + pplOffset;
            }
            after = dataOffset + dataSize < end ? end - dataSize - dataOffset : 0;
        } else {
            long earliest = superOffset + (32 + 4) * 2;
            if (bitmapOffset > 0) {
                long bitmapEnd = bitmapOffset + bitmapBytes / 512;
                earliest = Math.max(earliest, bitmapEnd);
            } else if (pplOffset > 0) {
                earliest = Math.max(earliest, pplOffset + pplSize);
            }
            if (badBlockLog) {
                earliest = Math.max(earliest, superOffset + sb.bblogOffsetSectors() + sb.bblogSizeSectors());
            }
            before = Long.compareUnsigned(earliest, dataOffset) < 0 ? dataOffset - earliest : 0;
            after = deviceSectors - dataSize - dataOffset;
        }
        if (before == 0 && after == 0) {
            after = 1;
        }
        if (sb.role() == DevRoles.JOURNAL) {
            // A journal uses whole 4 KiB blocks, so only the tail below 4 KiB is unused.
            after = Long.remainderUnsigned(deviceSectors - dataOffset, 8);
        }
        return new UnusedSpace(before, after);
    }

    /** mdadm prints the line unless it stored the "no room" marker or a reshape moves the data. */
    boolean shownBy(Superblock1 sb) {
        return afterSectors != 1 && !sb.hasFeature(FeatureMap.NEW_OFFSET);
    }
}
