package org.orion.raid.array;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Byte ranges of one member's data area whose content cannot be trusted (md's bad-block log):
 * blocks a rebuild could not reconstruct. Reads there never use the member's content; a write that
 * covers a range heals it. Kept merged, in a sorted map of start to end. Handler thread only.
 */
public final class BadRanges {
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Marks {@code [offsetBytes, offsetBytes + lengthBytes)} bad, merging with neighbours. */
    public void add(long offsetBytes, long lengthBytes) {
        long start = offsetBytes;
        long end = offsetBytes + lengthBytes;
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(start);
        }
        ranges.put(start, end);
    }

    /** True if every byte of the range is already bad. */
    public boolean covers(long offsetBytes, long lengthBytes) {
        Map.Entry<Long, Long> e = ranges.floorEntry(offsetBytes);
        return e != null && e.getValue() >= offsetBytes + lengthBytes;
    }

    /** True if any byte of the range is bad. */
    public boolean overlaps(long offsetBytes, long lengthBytes) {
        if (ranges.isEmpty()) {
            return false;
        }
        long end = offsetBytes + lengthBytes;
        Map.Entry<Long, Long> before = ranges.lowerEntry(end);
        return before != null && before.getValue() > offsetBytes;
    }

    /**
     * The range was rewritten: it is good again.
     *
     * @return true if some bad byte was cleared
     */
    public boolean clear(long offsetBytes, long lengthBytes) {
        if (ranges.isEmpty()) {
            return false;
        }
        long start = offsetBytes;
        long end = offsetBytes + lengthBytes;
        boolean cleared = false;
        Map.Entry<Long, Long> e = ranges.lowerEntry(end);
        while (e != null && e.getValue() > start) {
            cleared = true;
            long s = e.getKey();
            long t = e.getValue();
            ranges.remove(s);
            if (s < start) {
                ranges.put(s, start);
            }
            if (t > end) {
                ranges.put(end, t);
            }
            e = ranges.lowerEntry(s);
        }
        return cleared;
    }

    /** The ranges as {@code [start, end)} pairs, in order. */
    public List<long[]> list() {
        List<long[]> out = new ArrayList<>();
        ranges.forEach((s, e) -> out.add(new long[] {s, e}));
        return out;
    }

    /** The ranges as {@code start0, end0, start1, end1, ...}, in order (a copy). */
    public long[] toPairs() {
        long[] pairs = new long[ranges.size() * 2];
        int i = 0;
        for (Map.Entry<Long, Long> e : ranges.entrySet()) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return pairs;
    }

    /** Total bad bytes. */
    public long bytes() {
        long total = 0;
        for (Map.Entry<Long, Long> e : ranges.entrySet()) {
            total += e.getValue() - e.getKey();
        }
        return total;
    }
}
