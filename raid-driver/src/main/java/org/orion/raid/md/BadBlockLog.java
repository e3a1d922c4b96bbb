package org.orion.raid.md;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * A member's bad-block log (md-format.md §1.9): the sectors md will not read from that device
 * because a read or a rewrite failed there. Immutable; {@link #add} returns a new log.
 *
 * <p>On disk it is {@code bblog_size} sectors at {@code sb_start + bblog_offset}, an array of
 * little-endian 64-bit entries; the first all-ones entry ends the list (the kernel fills the page
 * with 0xff before writing the entries). Only read it when the superblock has
 * {@link FeatureMap#BAD_BLOCKS}: mdadm leaves a fresh log zeroed, not 0xff-filled.
 *
 * <pre>
 *   63                                          10 9          0
 *  +----------------------------------------------+------------+
 *  |         start (units of 2^bblog_shift sectors)| length    |
 *  +----------------------------------------------+------------+
 *                                      length 1..512 units (the kernel's BB_MAX_LEN)
 * </pre>
 * Here the log is kept as sorted, merged ranges in sectors; longer ranges are split into entries
 * of at most 512 units when encoded.
 */
public final class BadBlockLog {
    /** The longest range one entry records, in units. */
    public static final int MAX_ENTRY_UNITS = 512;
    /** The kernel keeps at most one page of entries. */
    public static final int MAX_ENTRIES = 4096 / 8;

    private static final long UNUSED = -1L;

    /**
     * Sectors {@code [startSector, startSector + lengthSectors)} of the member, counted from the
     * start of the device (not from the data offset), as md records them.
     */
    public record Range(long startSector, long lengthSectors) {
        public Range {
            if (startSector < 0 || lengthSectors <= 0) {
                throw new IllegalArgumentException("bad-block range " + startSector + "+" + lengthSectors
                        + " needs a non-negative start and a positive length");
            }
        }

        public long endSector() {
            return startSector + lengthSectors;
        }
    }

    private final int shift;
    private final int capacityEntries;
    private final List<Range> ranges;

    private BadBlockLog(int shift, int capacityEntries, List<Range> ranges) {
        this.shift = shift;
        this.capacityEntries = capacityEntries;
        this.ranges = Collections.unmodifiableList(ranges);
    }

    /** An empty log with entries of 2^{@code shift} sectors in a {@code sizeSectors}-sector area. */
    public static BadBlockLog empty(int shift, int sizeSectors) {
        if (shift < 0 || shift > 40 || sizeSectors < 0) {
            throw new IllegalArgumentException("bad-block log shift " + shift + " / size " + sizeSectors + " invalid");
        }
        return new BadBlockLog(shift, Math.min(MAX_ENTRIES, sizeSectors * 512 / 8), new ArrayList<>());
    }

    /** An empty log shaped as {@code superblock} describes it. */
    public static BadBlockLog emptyFor(Superblock1 superblock) {
        return empty(superblock.bblogShift(), superblock.bblogSizeSectors());
    }

    /**
     * Decodes the log area read from {@code device} ({@code bblog_size * 512} bytes). An entry of
     * length 0 is refused, as current kernels refuse it.
     */
    public static BadBlockLog decode(byte[] area, int shift, String device) {
        BadBlockLog log = empty(shift, area.length / 512);
        ByteBuffer b = ByteBuffer.wrap(area).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < log.capacityEntries; i++) {
            long entry = b.getLong(i * 8);
            if (entry == UNUSED) {
                break;
            }
            long lengthUnits = entry & 0x3ff;
            if (lengthUnits == 0) {
                throw new OrionException(ErrorCode.CORRUPT, String.format("%s: bad-block log entry %d (0x%016x) has"
                        + " length 0: the log is damaged; clear it with mdadm --assemble --update=force-no-bbl",
                        device, i, entry));
            }
            log = log.addUnits(entry >>> 10, lengthUnits);
        }
        return log;
    }

    /**
     * The entries of a log area one by one, as {@code mdadm --examine-badblocks} lists them (not
     * merged; up to the first all-ones entry). Decode the area first to refuse a damaged log.
     */
    public static List<Range> rawEntries(byte[] area, int shift) {
        List<Range> entries = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(area).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 8 <= area.length; at += 8) {
            long entry = b.getLong(at);
            if (entry == UNUSED) {
                break;
            }
            entries.add(new Range((entry >>> 10) << shift, (entry & 0x3ff) << shift));
        }
        return entries;
    }

    /** The log area as md writes it: entries, then 0xff up to the end of the area. */
    public byte[] encode() {
        byte[] area = new byte[capacityEntries * 8];
        Arrays.fill(area, (byte) 0xff);
        ByteBuffer b = ByteBuffer.wrap(area).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        for (Range range : ranges) {
            long startUnits = range.startSector() >>> shift;
            long remaining = range.lengthSectors() >>> shift;
            while (remaining > 0) {
                long lengthUnits = Math.min(remaining, MAX_ENTRY_UNITS);
                b.putLong(at, (startUnits << 10) | lengthUnits);
                at += 8;
                startUnits += lengthUnits;
                remaining -= lengthUnits;
            }
        }
        return area;
    }

    /**
     * This log with sectors {@code [startSector, startSector + lengthSectors)} recorded, widened to
     * whole units and merged with neighbouring and overlapping ranges. Throws {@code SIZE} when the
     * result needs more entries than the log has room for (md then fails the member).
     */
    public BadBlockLog add(long startSector, long lengthSectors) {
        if (startSector < 0 || lengthSectors <= 0) {
            throw new IllegalArgumentException("bad-block range " + startSector + "+" + lengthSectors + " is empty");
        }
        long startUnits = startSector >>> shift;
        long endUnits = (startSector + lengthSectors + (1L << shift) - 1) >>> shift;
        return addUnits(startUnits, endUnits - startUnits);
    }

    private BadBlockLog addUnits(long startUnits, long lengthUnits) {
        long start = startUnits << shift;
        long end = (startUnits + lengthUnits) << shift;
        List<Range> merged = new ArrayList<>();
        for (Range range : ranges) {
            if (range.endSector() < start || range.startSector() > end) {
                merged.add(range);
            } else {
                start = Math.min(start, range.startSector());
                end = Math.max(end, range.endSector());
            }
        }
        merged.add(new Range(start, end - start));
        merged.sort((a, b) -> Long.compare(a.startSector(), b.startSector()));
        BadBlockLog result = new BadBlockLog(shift, capacityEntries, merged);
        if (result.entryCount() > capacityEntries) {
            throw new OrionException(ErrorCode.SIZE, "bad-block log is full: " + result.entryCount()
                    + " entries needed, room for " + capacityEntries + ": the device is failing; replace it");
        }
        return result;
    }

    /** True if {@code sector} is recorded as bad. */
    public boolean contains(long sector) {
        return overlaps(sector, 1);
    }

    /** True if any sector of {@code [startSector, startSector + lengthSectors)} is recorded as bad. */
    public boolean overlaps(long startSector, long lengthSectors) {
        long end = startSector + lengthSectors;
        for (Range range : ranges) {
            if (range.startSector() < end && startSector < range.endSector()) {
                return true;
            }
        }
        return false;
    }

    /** The recorded ranges, sorted and merged, in sectors. */
    public List<Range> ranges() {
        return ranges;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** On-disk entries the ranges need (ranges longer than 512 units take several). */
    public int entryCount() {
        int entries = 0;
        for (Range range : ranges) {
            long units = range.lengthSectors() >>> shift;
            entries += (int) ((units + MAX_ENTRY_UNITS - 1) / MAX_ENTRY_UNITS);
        }
        return entries;
    }

    /** Entries that fit in the log area. */
    public int capacityEntries() {
        return capacityEntries;
    }

    /** Entries count units of 2^shift sectors. */
    public int shift() {
        return shift;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BadBlockLog && shift == ((BadBlockLog) other).shift
                && capacityEntries == ((BadBlockLog) other).capacityEntries && ranges.equals(((BadBlockLog) other).ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode() * 31 + shift;
    }

    @Override
    public String toString() {
        return "BadBlockLog" + ranges + " (" + entryCount() + "/" + capacityEntries + " entries, shift " + shift + ")";
    }
}
