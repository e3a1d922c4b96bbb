package org.orion.raid.level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * md's RAID0 zones (raid0.c create_strip_zones, map_sector) on small hand-worked examples:
 * columns per member, listing the array chunk at each member chunk.
 */
class Raid0ZonesTest {
    private static final int CHUNK = 4096;

    /** "0 3 6 | 1 4 7 | 2 5 8 9 10": each member's chunks, top to bottom. */
    private static String columns(Raid0Layout layout) {
        List<List<String>> members = new ArrayList<>();
        for (int m = 0; m < layout.members(); m++) {
            members.add(new ArrayList<>());
            for (long row = 0; row < layout.memberDataBytes(m) / CHUNK; row++) {
                members.get(m).add("?");
            }
        }
        StripeMap map = layout.newStripeMap();
        for (long c = 0; c < layout.stripeCount(); c++) {
            layout.map(c, map);
            members.get(map.member(0, 0)).set((int) (map.offsetBytes(0, 0) / CHUNK), Long.toString(c));
        }
        List<String> out = new ArrayList<>();
        for (List<String> column : members) {
            out.add(String.join(" ", column));
        }
        return String.join(" | ", out);
    }

    private static long[] chunks(long... counts) {
        long[] bytes = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            bytes[i] = counts[i] * CHUNK;
        }
        return bytes;
    }

    @Test
    void shouldStripeEqualMembersInOneZone() {
        Raid0Layout layout = LevelManager.createRaid0(MdLayouts.RAID0_ORIGINAL, CHUNK, chunks(3, 3, 3));
        assertEquals(1, layout.zoneCount());
        assertEquals("0 3 6 | 1 4 7 | 2 5 8", columns(layout));
    }

    @Test
    void shouldPutTheTailOfTheLargestMemberInItsOwnZone() {
        Raid0Layout layout = LevelManager.createRaid0(MdLayouts.RAID0_ORIGINAL, CHUNK, chunks(3, 3, 5));
        assertEquals(2, layout.zoneCount());
        assertFalse(layout.layoutMatters(), "a one-member second zone maps the same under both layouts");
        assertEquals("0 3 6 | 1 4 7 | 2 5 8 9 10", columns(layout));
        assertEquals(11L * CHUNK, layout.arrayBytes());
    }

    @ParameterizedTest(name = "layout {0}")
    @CsvSource(delimiter = '|', value = {
        // zone 0: chunks 0-2 on every member; zone 1 (members 1 and 2) starts at array chunk 3.
        // original picks the member by the absolute chunk (3 mod 2 = 1 -> member 2), alternate
        // by the chunk inside the zone (0 -> member 1).
        "1 | 0 | 1 4 6 | 2 3 5",
        "2 | 0 | 1 3 5 | 2 4 6",
    })
    void shouldPickZoneMembersByAbsoluteOrZoneChunkAsTheLayoutSays(int layoutNumber, String m0, String m1,
            String m2) {
        Raid0Layout layout = LevelManager.createRaid0(layoutNumber, CHUNK, chunks(1, 3, 3));
        assertTrue(layout.layoutMatters());
        assertEquals(m0 + " | " + m1 + " | " + m2, columns(layout));
    }

    @Test
    void shouldBuildOneZonePerDistinctSizeInRoleOrder() {
        // sizes 4, 2, 6, 2 chunks: zone 0 all four (depth 2), zone 1 members 0 and 2 (depth 2),
        // zone 2 member 2 alone (depth 2). Alternate layout inside zone 1.
        Raid0Layout layout = LevelManager.createRaid0(MdLayouts.RAID0_ALTERNATE, CHUNK, chunks(4, 2, 6, 2));
        assertEquals(3, layout.zoneCount());
        assertEquals("0 4 8 10 | 1 5 | 2 6 9 11 12 13 | 3 7", columns(layout));
        assertEquals(14L * CHUNK, layout.arrayBytes());
        assertEquals(6L * CHUNK, layout.memberDataBytes());
        assertEquals(2L * CHUNK, layout.memberDataBytes(3));
    }

    @Test
    void shouldRoundEachMemberDownToAChunk() {
        Raid0Layout layout = LevelManager.createRaid0(MdLayouts.RAID0_ORIGINAL, CHUNK,
                new long[] {3L * CHUNK + 512, 3L * CHUNK + 3584});
        assertEquals(1, layout.zoneCount());
        assertEquals(6L * CHUNK, layout.arrayBytes());
    }

    @Test
    void shouldMapMemberOffsetsBackToArrayOffsetsInEachZone() {
        Raid0Layout layout = LevelManager.createRaid0(MdLayouts.RAID0_ORIGINAL, CHUNK, chunks(1, 3, 3));
        // member 2 row 1 holds chunk 3 under the original layout (see above)
        assertEquals(3L * CHUNK + 100, layout.arrayOffsetBytes(2, CHUNK + 100));
        assertEquals(-1, layout.arrayOffsetBytes(0, CHUNK), "member 0 has one chunk only");
    }
}
