package org.orion.raid.level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/**
 * Checks any layout against the rules every md layout keeps: each array chunk (and each P and Q)
 * has its own chunk-aligned place inside the members' data areas, copies of a chunk sit on
 * different members, and the reverse mapping names exactly the chunk stored at each place.
 */
final class LayoutAudit {
    /** The concrete classes' reverse mapping (not part of {@link RaidLayout}). */
    interface Reverse {
        long arrayOffsetBytes(int member, long memberOffsetBytes);
    }

    private static final long EMPTY = -1;
    private static final long P_BLOCK = -2;
    private static final long Q_BLOCK = -3;

    private LayoutAudit() {
    }

    static Reverse reverseOf(RaidLayout layout) {
        if (layout instanceof ParityLayout) {
            return ((ParityLayout) layout)::arrayOffsetBytes;
        }
        if (layout instanceof Raid10Layout) {
            return ((Raid10Layout) layout)::arrayOffsetBytes;
        }
        if (layout instanceof Raid1Layout) {
            return ((Raid1Layout) layout)::arrayOffsetBytes;
        }
        return ((Raid0Layout) layout)::arrayOffsetBytes;
    }

    /** What each (member, member chunk) holds: array chunk number, P, Q or empty. */
    static long[][] occupancy(RaidLayout layout) {
        String name = layout.toString();
        int chunk = layout.chunkBytes();
        assertEquals(0, layout.memberDataBytes() % chunk, name + ": member size is whole chunks");
        assertEquals(layout.stripeCount() * layout.stripeBytes(), layout.arrayBytes(), name + ": whole stripes");
        long[][] cells = new long[layout.members()][(int) (layout.memberDataBytes() / chunk)];
        for (long[] member : cells) {
            Arrays.fill(member, EMPTY);
        }
        StripeMap map = layout.newStripeMap();
        long dataCells = 0;
        for (long s = 0; s < layout.stripeCount(); s++) {
            layout.map(s, map);
            assertEquals(s, map.stripe, name);
            assertEquals(layout.dataBlocksPerStripe(), map.dataBlocks, name);
            assertTrue(map.copies >= 1 && map.copies <= layout.maxCopies(), name);
            for (int k = 0; k < map.dataBlocks; k++) {
                long arrayChunk = s * map.dataBlocks + k;
                for (int c = 0; c < map.copies; c++) {
                    for (int other = 0; other < c; other++) {
                        assertNotEquals(map.member(k, other), map.member(k, c), name + ": chunk " + arrayChunk
                                + " has two copies on one member");
                    }
                    claim(cells, map.member(k, c), map.offsetBytes(k, c), chunk, arrayChunk, name);
                    dataCells++;
                }
            }
            if (layout.parityBlocks() == 0) {
                assertEquals(-1, map.pMember, name);
                assertEquals(-1, map.qMember, name);
                continue;
            }
            claim(cells, map.pMember, map.parityOffsetBytes, chunk, P_BLOCK, name);
            if (layout.parityBlocks() == 2) {
                claim(cells, map.qMember, map.parityOffsetBytes, chunk, Q_BLOCK, name);
            } else {
                assertEquals(-1, map.qMember, name);
            }
        }
        assertEquals(layout.arrayBytes() / chunk * layout.maxCopies(), dataCells, name + ": copies of every chunk");
        return cells;
    }

    private static void claim(long[][] cells, int member, long offsetBytes, int chunk, long what, String name) {
        assertTrue(member >= 0 && member < cells.length, name + ": member " + member + " out of range");
        assertEquals(0, offsetBytes % chunk, name + ": offset " + offsetBytes + " is not chunk aligned");
        assertTrue(offsetBytes >= 0 && offsetBytes / chunk < cells[member].length,
                name + ": offset " + offsetBytes + " beyond the member data area");
        int row = (int) (offsetBytes / chunk);
        assertEquals(EMPTY, cells[member][row], name + ": member " + member + " row " + row + " holds "
                + cells[member][row] + " and " + what);
        cells[member][row] = what;
    }

    /** The full audit: placement, then the reverse mapping at every place of every member. */
    static void audit(RaidLayout layout) {
        long[][] cells = occupancy(layout);
        Reverse reverse = reverseOf(layout);
        int chunk = layout.chunkBytes();
        long[] inside = {0, chunk / 2, chunk - 1};
        for (int m = 0; m < cells.length; m++) {
            for (int row = 0; row < cells[m].length; row++) {
                for (long in : inside) {
                    long expected = cells[m][row] >= 0 ? cells[m][row] * chunk + in : -1;
                    assertEquals(expected, reverse.arrayOffsetBytes(m, (long) row * chunk + in),
                            layout + ": reverse of member " + m + " row " + row);
                }
            }
            assertEquals(-1, reverse.arrayOffsetBytes(m, layout.memberDataBytes()), layout + ": past the end");
            assertEquals(-1, reverse.arrayOffsetBytes(m, -1), layout + ": before the start");
        }
    }
}
