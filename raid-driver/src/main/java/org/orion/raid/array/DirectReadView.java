package org.orion.raid.array;

/**
 * What a client read that bypasses the ring may use: the slot table, which slots may be read, and
 * each slot's bad ranges, as one immutable value. The {@link ArrayManager} (ring thread) builds a
 * new one at every change of any of these and publishes it through one volatile field, so a reader
 * on any thread sees the three facts of one moment together. Separate volatile fields would not do:
 * during a hot replace's completion a reader could pair the new member with the old member's (empty)
 * bad ranges and read a range the rebuild lost.
 *
 * <p>A slot may be read directly when it holds a present member in sync, and the array has not
 * paused direct reads (a member failure not yet recorded in the superblocks, or a background pass
 * that rewrites members). Never the rebuild target: it is not in the slot table until it has been
 * rebuilt, and a slot being recovered is faulty or missing until then.
 *
 * <p>Bad ranges are kept as sorted, merged {@code [start, end)} pairs in one {@code long[]} per
 * slot, so {@link #isBad} is a binary search that allocates nothing.
 */
public final class DirectReadView {
    private static final long[] NO_RANGES = new long[0];

    private final Member[] members;
    private final long readableSlots;
    private final long[][] badRanges;

    private DirectReadView(Member[] members, long readableSlots, long[][] badRanges) {
        this.members = members;
        this.readableSlots = readableSlots;
        this.badRanges = badRanges;
    }

    /**
     * The view of this moment. {@code members} is the manager's copy-on-write slot table (never
     * changed after it is published); the bad ranges are copied.
     */
    static DirectReadView of(Member[] members, MemberState[] states, BadRanges[] bad, boolean paused) {
        long readable = 0;
        long[][] ranges = new long[members.length][];
        for (int slot = 0; slot < members.length; slot++) {
            if (!paused && states[slot] == MemberState.IN_SYNC && members[slot].isPresent()) {
                readable |= 1L << slot;
            }
            ranges[slot] = bad[slot].isEmpty() ? NO_RANGES : bad[slot].toPairs();
        }
        return new DirectReadView(members, readable, ranges);
    }

    /** True if no slot may be read directly now (paused, or no member left in sync). */
    public boolean noneReadable() {
        return readableSlots == 0;
    }

    /** True if {@code slot} holds an in-sync member that may be read directly (outside its bad ranges). */
    public boolean mayRead(int slot) {
        return (readableSlots & (1L << slot)) != 0;
    }

    /** The member of {@code slot} in this view. */
    public Member member(int slot) {
        return members[slot];
    }

    /** True if some byte of {@code [offsetBytes, offsetBytes + lengthBytes)} of {@code slot}'s data area is bad. */
    public boolean isBad(int slot, long offsetBytes, long lengthBytes) {
        long[] pairs = badRanges[slot];
        if (pairs.length == 0) {
            return false;
        }
        long end = offsetBytes + lengthBytes;
        // The last range starting before the end of the query; ranges are merged, so only it can overlap.
        int lo = 0;
        int hi = pairs.length / 2 - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (pairs[2 * mid] < end) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && pairs[2 * found + 1] > offsetBytes;
    }
}
