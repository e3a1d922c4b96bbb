package org.orion.raid.level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/** Names both ways, sizes, and the geometries LevelManager refuses (with messages a user can act on). */
class LevelManagerTest {
    private static final int KIB = 1024;

    private static OrionException refused(ErrorCode code, Executable action) {
        OrionException e = assertThrows(OrionException.class, action);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @ParameterizedTest(name = "raid{0} {1} = {2}")
    @CsvSource({
        "5, left-asymmetric, 0", "5, la, 0", "5, right-asymmetric, 1", "5, ra, 1", "5, left-symmetric, 2",
        "5, ls, 2", "5, default, 2", "5, right-symmetric, 3", "5, rs, 3", "5, parity-first, 4", "5, parity-last, 5",
        "5, ddf-zero-restart, 1", "5, ddf-N-restart, 0", "5, ddf-N-continue, 2",
        "6, left-asymmetric, 0", "6, la, 0", "6, ra, 1", "6, ls, 2", "6, rs, 3", "6, parity-first, 4",
        "6, parity-last, 5", "6, ddf-zero-restart, 8", "6, ddf-N-restart, 9", "6, ddf-N-continue, 10",
        "6, left-asymmetric-6, 16", "6, right-asymmetric-6, 17", "6, left-symmetric-6, 18",
        "6, right-symmetric-6, 19", "6, parity-first-6, 20",
        "10, n2, 258", "10, n3, 259", "10, f2, 513", "10, o2, 66049", "10, near=2, 258", "10, far=3, 769",
        "10, offset=2, 66049", "10, 'near=2, far=2', 514", "10, 0x102, 258",
        "0, original, 1", "0, alternate, 2", "0, 1, 1", "0, 2, 2", "0, dangerous, 0",
        "4, parity-last, 5",
    })
    void shouldParseMdadmLayoutNames(int level, String name, int expected) {
        assertEquals(expected, LevelManager.parseLayout(level, name));
    }

    @ParameterizedTest(name = "raid{0} layout {1} prints {2}")
    @CsvSource({
        "5, 0, left-asymmetric", "5, 1, right-asymmetric", "5, 2, left-symmetric", "5, 3, right-symmetric",
        "5, 4, parity-first", "5, 5, parity-last",
        "6, 8, ddf-zero-restart", "6, 9, ddf-N-restart", "6, 10, ddf-N-continue", "6, 16, left-asymmetric-6",
        "6, 17, right-asymmetric-6", "6, 18, left-symmetric-6", "6, 19, right-symmetric-6", "6, 20, parity-first-6",
        "10, 258, near=2", "10, 513, far=2", "10, 66049, offset=2", "10, 514, 'near=2, far=2'",
        "0, 1, original", "0, 2, alternate", "0, 0, ''", "1, 0, ''", "4, 0, ''",
    })
    void shouldPrintLayoutsAsMdadmDoes(int level, int layout, String expected) {
        assertEquals(expected, LevelManager.layoutName(level, layout));
    }

    @Test
    void shouldRoundTripEveryLayoutNumberThroughItsName() {
        int[][] numbersByLevel = {
            {5, 0, 1, 2, 3, 4, 5},
            {6, 0, 1, 2, 3, 4, 5, 8, 9, 10, 16, 17, 18, 19, 20},
            {10, 0x102, 0x103, 0x201, 0x301, 0x10201, 0x10301, 0x202, 0x10202, 0x20201, 0x40201},
            {0, 1, 2},
        };
        for (int[] row : numbersByLevel) {
            int level = row[0];
            for (int i = 1; i < row.length; i++) {
                String name = LevelManager.layoutName(level, row[i]);
                assertEquals(row[i], LevelManager.parseLayout(level, name), "raid" + level + " '" + name + "'");
            }
        }
    }

    @ParameterizedTest(name = "{0} -> raid{1}")
    @CsvSource({"raid0, 0", "stripe, 0", "0, 0", "raid1, 1", "mirror, 1", "RAID4, 4", "5, 5", "raid6, 6",
        "raid10, 10", "10, 10"})
    void shouldParseMdadmLevelNames(String name, int level) {
        assertEquals(level, LevelManager.parseLevel(name));
        assertEquals("raid" + level, LevelManager.levelName(level));
    }

    @Test
    void shouldRefuseLevelsItDoesNotImplement() {
        assertTrue(refused(ErrorCode.UNSUPPORTED, () -> LevelManager.parseLevel("linear")).getMessage()
                .contains("use raid0, raid1, raid4, raid5, raid6 or raid10"));
        refused(ErrorCode.USAGE, () -> LevelManager.parseLevel("raid7"));
        refused(ErrorCode.UNSUPPORTED, () -> LevelManager.create(3, 0, 64 * KIB, 4, 1 << 20));
    }

    @Test
    void shouldSayHowManyMembersALevelNeeds() {
        assertEquals("raid6 needs at least 4 members, got 3",
                refused(ErrorCode.USAGE, () -> LevelManager.create(6, 2, 64 * KIB, 3, 1 << 20)).getMessage());
        assertEquals("raid5 needs at least 2 members, got 1",
                refused(ErrorCode.USAGE, () -> LevelManager.create(5, 2, 64 * KIB, 1, 1 << 20)).getMessage());
        assertEquals("raid10 layout near=3 needs at least 3 members, got 2",
                refused(ErrorCode.USAGE, () -> LevelManager.create(10, 0x103, 64 * KIB, 2, 1 << 20)).getMessage());
        refused(ErrorCode.UNSUPPORTED, () -> LevelManager.create(1, 0, 0, 65, 1 << 20));
        refused(ErrorCode.UNSUPPORTED, () -> LevelManager.create(6, 2, 64 * KIB, 256, 1 << 20));
    }

    @Test
    void shouldRefuseLayoutNumbersTheLevelDoesNotHave() {
        String message = refused(ErrorCode.UNSUPPORTED, () -> LevelManager.create(5, 8, 64 * KIB, 4, 1 << 20))
                .getMessage();
        assertTrue(message.contains("layout 8 is not an md raid5 layout"), message);
        assertTrue(message.contains("left-symmetric"), "lists valid names: " + message);
        refused(ErrorCode.UNSUPPORTED, () -> LevelManager.create(6, 7, 64 * KIB, 5, 1 << 20));
        refused(ErrorCode.UNSUPPORTED, () -> LevelManager.create(6, 21, 64 * KIB, 5, 1 << 20));
        refused(ErrorCode.UNSUPPORTED, () -> LevelManager.create(0, 3, 64 * KIB, 2, 1 << 20));
        refused(ErrorCode.UNSUPPORTED, () -> LevelManager.create(1, 2, 0, 2, 1 << 20));
        refused(ErrorCode.UNSUPPORTED, () -> LevelManager.parseLayout(6, "23"));
    }

    @Test
    void shouldRefuseUnknownLayoutNamesListingTheValidOnes() {
        String message = refused(ErrorCode.USAGE, () -> LevelManager.parseLayout(5, "left-sym")).getMessage();
        assertTrue(message.contains("unknown raid5 layout 'left-sym'"), message);
        assertTrue(message.contains("parity-last"), message);
        refused(ErrorCode.USAGE, () -> LevelManager.parseLayout(5, "left-symmetric-6"));
        refused(ErrorCode.USAGE, () -> LevelManager.parseLayout(10, "x2"));
        refused(ErrorCode.USAGE, () -> LevelManager.parseLayout(10, "n0"));
        refused(ErrorCode.USAGE, () -> LevelManager.parseLayout(0, "left-symmetric"));
    }

    @Test
    void shouldRefuseRaid10LayoutsThatDoNotKeepDistinctCopies() {
        refused(ErrorCode.UNSUPPORTED, () -> LevelManager.create(10, 0x101, 64 * KIB, 4, 1 << 20)); // one copy
        refused(ErrorCode.UNSUPPORTED, () -> LevelManager.create(10, 0x60201, 64 * KIB, 4, 1 << 20)); // variant 3
        refused(ErrorCode.UNSUPPORTED, () -> LevelManager.create(10, 0x80201, 64 * KIB, 4, 1 << 20)); // bit 19
        refused(ErrorCode.UNSUPPORTED, () -> LevelManager.create(10, 0x4101, 64 * KIB, 65, 1 << 20)); // 65 copies
        // far-set variant 1 with 3 members and 2 far copies: sets of one member, both copies on it
        String message = refused(ErrorCode.UNSUPPORTED,
                () -> LevelManager.create(10, 0x20201, 64 * KIB, 3, 1 << 20)).getMessage();
        assertTrue(message.contains("two copies of a chunk on one member"), message);
        // offset mode with 2 near copies over 5 members: md maps two chunks to one place
        message = refused(ErrorCode.UNSUPPORTED, () -> LevelManager.create(10, 0x10202, 64 * KIB, 5, 1 << 20))
                .getMessage();
        assertTrue(message.contains("divisible by 2"), message);
        refused(ErrorCode.UNSUPPORTED, () -> LevelManager.create(10, 0x40202, 64 * KIB, 4, 1 << 20));
    }

    @Test
    void shouldAcceptEveryLayoutMdadmCanCreate() {
        for (int n = 2; n <= 12; n++) {
            for (int copies = 2; copies <= n; copies++) {
                for (String kind : new String[] {"n", "f", "o"}) {
                    int layout = LevelManager.parseLayout(10, kind + copies);
                    assertEquals(10, LevelManager.create(10, layout, 64 * KIB, n, 1 << 22).level());
                }
            }
        }
    }

    @Test
    void shouldRefuseChunksMdCannotUse() {
        assertTrue(refused(ErrorCode.USAGE, () -> LevelManager.create(5, 2, 3000, 4, 1 << 20)).getMessage()
                .contains("not a power of two"));
        refused(ErrorCode.USAGE, () -> LevelManager.create(6, 2, 2048, 4, 1 << 20));
        refused(ErrorCode.USAGE, () -> LevelManager.create(10, 0x102, 96 * KIB, 4, 1 << 20));
        refused(ErrorCode.USAGE, () -> LevelManager.create(0, 1, 1000, 2, 1 << 20));
        refused(ErrorCode.USAGE, () -> LevelManager.create(0, 1, 6 * KIB, 2, 1 << 20));
        assertEquals(3 * 2 * KIB, LevelManager.create(0, 1, 512, 3, 2 * KIB).arrayBytes(),
                "raid0 accepts chunks below a page, as md does");
    }

    @Test
    void shouldRefuseMemberSizesThatHoldNoStripe() {
        refused(ErrorCode.USAGE, () -> LevelManager.create(5, 2, 64 * KIB, 4, 1000));
        refused(ErrorCode.USAGE, () -> LevelManager.create(5, 2, 64 * KIB, 4, 0));
        assertTrue(refused(ErrorCode.SIZE, () -> LevelManager.create(5, 2, 64 * KIB, 4, 32 * KIB)).getMessage()
                .contains("use larger members or a smaller chunk"));
        refused(ErrorCode.SIZE, () -> LevelManager.create(10, 0x201, 64 * KIB, 4, 64 * KIB));
        refused(ErrorCode.SIZE, () -> LevelManager.createRaid0(1, 64 * KIB, new long[] {1 << 20, 32 * KIB}));
    }

    @Test
    void shouldRefuseAMultiZoneRaid0WithoutALayout() {
        long[] sizes = {1 << 20, 2 << 20, 2 << 20};
        assertTrue(refused(ErrorCode.UNSUPPORTED, () -> LevelManager.createRaid0(0, 64 * KIB, sizes)).getMessage()
                .contains("needs layout original (1) or alternate (2)"));
        assertEquals(5L << 20, LevelManager.createRaid0(1, 64 * KIB, sizes).arrayBytes());
        assertEquals(3L << 20, LevelManager.createRaid0(0, 64 * KIB, new long[] {1 << 20, 1 << 20, 1 << 20})
                .arrayBytes(), "one zone needs no layout");
    }

    @Test
    void shouldSizeParityArraysByWholeChunksTimesDataMembers() {
        RaidLayout raid5 = LevelManager.create(5, 2, 64 * KIB, 4, 10 * 64 * KIB + 4 * KIB);
        assertEquals(10 * 64 * KIB, raid5.memberDataBytes());
        assertEquals(3L * 10 * 64 * KIB, raid5.arrayBytes());
        RaidLayout raid6 = LevelManager.create(6, 2, 64 * KIB, 6, 10 * 64 * KIB + 4 * KIB);
        assertEquals(4L * 10 * 64 * KIB, raid6.arrayBytes());
        assertInstanceOf(Raid6Layout.class, raid6);
    }

    @Test
    void shouldGiveRaid1TheWholeMemberWithStripesThatDivideIt() {
        RaidLayout mdadmSized = LevelManager.create(1, 0, 0, 2, 100 * 64 * KIB);
        assertEquals(64 * KIB, mdadmSized.chunkBytes());
        assertEquals(100L * 64 * KIB, mdadmSized.arrayBytes());
        RaidLayout odd = LevelManager.create(1, 0, 0, 3, 1000 * 512);
        assertEquals(4096, odd.chunkBytes(), "512000 = 125 * 4096");
        assertEquals(1000L * 512, odd.arrayBytes());
        assertEquals(3, odd.maxCopies());
        assertEquals(2, odd.redundancy());
    }

    @Test
    void shouldRoundNewMembersAsMdadmDoes() {
        assertEquals(640 * KIB, LevelManager.createMemberDataBytes(5, 64 * KIB, 700 * KIB));
        assertEquals(640 * KIB, LevelManager.createMemberDataBytes(1, 0, 700 * KIB));
        assertEquals(512 * KIB, LevelManager.createMemberDataBytes(10, 512 * KIB, 700 * KIB));
    }

    @Test
    void shouldDefaultToMdadmsLayouts() {
        assertEquals(MdLayouts.LEFT_SYMMETRIC, LevelManager.defaultLayout(5));
        assertEquals(MdLayouts.LEFT_SYMMETRIC, LevelManager.defaultLayout(6));
        assertEquals(0x102, LevelManager.defaultLayout(10));
        assertEquals(MdLayouts.RAID0_ORIGINAL, LevelManager.defaultLayout(0));
        assertEquals(0, LevelManager.defaultLayout(4));
    }
}
