package org.orion.hw.sim.fault;

import java.util.Arrays;

/**
 * The sectors of one device that currently fail to read, as sorted, non-overlapping, non-adjacent
 * ranges {@code [start, end)} of 512-byte sectors in two parallel arrays. Lookups are a binary
 * search and allocate nothing; changes (arming a fault, healing by a write) are rare and may grow
 * the arrays. Thread-safe through this object's lock.
 */
final class BadSectorSet {
    private long[] starts = new long[8];
    private long[] ends = new long[8];
    private int size;
    private volatile boolean empty = true;

    /** True if any sector of {@code [start, end)} is bad. */
    boolean overlaps(long start, long end) {
        if (empty || start >= end) {
            return false;
        }
        synchronized (this) {
            int i = firstEndingAfter(start);
            return i < size && starts[i] < end;
        }
    }

    /** Marks {@code [start, end)} bad; returns how many of its sectors were good before. */
    synchronized long add(long start, long end) {
        long alreadyBad = countBad(start, end);
        int first = firstEndingAfter(start - 1);
        int last = first;
        long mergedStart = start;
        long mergedEnd = end;
        while (last < size && starts[last] <= end) {
            mergedStart = Math.min(mergedStart, starts[last]);
            mergedEnd = Math.max(mergedEnd, ends[last]);
            last++;
        }
        replace(first, last, new long[] {mergedStart}, new long[] {mergedEnd});
        return (end - start) - alreadyBad;
    }

    /** Marks {@code [start, end)} good; returns how many of its sectors were bad. */
    synchronized long heal(long start, long end) {
        long healed = countBad(start, end);
        if (healed == 0) {
            return 0;
        }
        int first = firstEndingAfter(start);
        int last = first;
        while (last < size && starts[last] < end) {
            last++;
        }
        // What survives is the part of the first range before start and the part of the last after end.
        long[] keptStarts = new long[2];
        long[] keptEnds = new long[2];
        int kept = 0;
        if (starts[first] < start) {
            keptStarts[kept] = starts[first];
            keptEnds[kept++] = start;
        }
        if (ends[last - 1] > end) {
            keptStarts[kept] = end;
            keptEnds[kept++] = ends[last - 1];
        }
        replace(first, last, Arrays.copyOf(keptStarts, kept), Arrays.copyOf(keptEnds, kept));
        return healed;
    }

    /** Bad sectors in total. */
    synchronized long count() {
        return countBad(0, Long.MAX_VALUE);
    }

    private long countBad(long start, long end) {
        long bad = 0;
        for (int i = firstEndingAfter(start); i < size && starts[i] < end; i++) {
            bad += Math.min(end, ends[i]) - Math.max(start, starts[i]);
        }
        return bad;
    }

    /** Index of the first range whose end is after {@code sector}. */
    private int firstEndingAfter(long sector) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ends[mid] <= sector) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Replaces ranges {@code [from, to)} with the given ones (already sorted and disjoint). */
    private void replace(int from, int to, long[] newStarts, long[] newEnds) {
        int newSize = size - (to - from) + newStarts.length;
        long[] s = new long[Math.max(8, newSize)];
        long[] e = new long[s.length];
        System.arraycopy(starts, 0, s, 0, from);
        System.arraycopy(ends, 0, e, 0, from);
        System.arraycopy(newStarts, 0, s, from, newStarts.length);
        System.arraycopy(newEnds, 0, e, from, newEnds.length);
        System.arraycopy(starts, to, s, from + newStarts.length, size - to);
        System.arraycopy(ends, to, e, from + newStarts.length, size - to);
        starts = s;
        ends = e;
        size = newSize;
        empty = newSize == 0;
    }

    @Override
    public synchronized String toString() {
        StringBuilder text = new StringBuilder("BadSectorSet[");
        for (int i = 0; i < size; i++) {
            text.append(i == 0 ? "" : ", ").append(starts[i]).append('-').append(ends[i] - 1);
        }
        return text.append(']').toString();
    }
}
