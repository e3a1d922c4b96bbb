package org.orion.raid.level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.orion.driver.api.OrionException;

/** Which sets of missing members each level survives. */
class SurvivalTest {
    private static final int CHUNK = 4096;

    private static boolean[] missing(int members, int... absent) {
        boolean[] flags = new boolean[members];
        for (int m : absent) {
            flags[m] = true;
        }
        return flags;
    }

    private static boolean[] subset(int members, int mask) {
        boolean[] flags = new boolean[members];
        for (int m = 0; m < members; m++) {
            flags[m] = (mask >> m & 1) != 0;
        }
        return flags;
    }

    /** Ground truth by scanning the whole array: every chunk keeps a copy on a present member. */
    private static boolean everyChunkKeepsACopy(RaidLayout layout, boolean[] missing) {
        StripeMap map = layout.newStripeMap();
        for (long s = 0; s < layout.stripeCount(); s++) {
            layout.map(s, map);
            for (int k = 0; k < map.dataBlocks; k++) {
                boolean kept = false;
                for (int c = 0; c < map.copies; c++) {
                    kept |= !missing[map.member(k, c)];
                }
                if (!kept) {
                    return false;
                }
            }
        }
        return true;
    }

    static Stream<Arguments> raid10Layouts() {
        List<Arguments> all = new ArrayList<>();
        for (int n = 2; n <= 8; n++) {
            for (int word : LayoutPropertiesTest.raid10Words(n)) {
                for (int rows : new int[] {1, 13}) {
                    try {
                        RaidLayout layout = LevelManager.create(10, word, CHUNK, n, (long) rows * CHUNK * n);
                        all.add(Arguments.of(layout.toString(), layout));
                    } catch (OrionException refused) {
                        // refused geometries are covered by LevelManagerTest
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("raid10Layouts")
    void shouldSurviveExactlyWhenEveryRaid10ChunkKeepsACopy(String name, RaidLayout layout) {
        int n = layout.members();
        for (int mask = 0; mask < 1 << n; mask++) {
            boolean[] flags = subset(n, mask);
            assertEquals(everyChunkKeepsACopy(layout, flags), layout.survives(flags), name + " missing mask " + mask);
        }
    }

    @ParameterizedTest(name = "raid10 {0} over {1} members missing {2}: {3}")
    @CsvSource({
        "n2, 4, '0 2', true",
        "n2, 4, '0 1', false",
        "n2, 4, '1 2', true",
        "n2, 3, '0 2', false",
        "f2, 4, '0 2', true",
        "f2, 4, '1 2', false",
        "o2, 4, '3 0', false",
        "n3, 3, '0 1', true",
    })
    void shouldSurviveTheCasesWorkedByHand(String layoutName, int members, String absent, boolean survives) {
        RaidLayout layout = LevelManager.create(10, LevelManager.parseLayout(10, layoutName), CHUNK, members,
                64L * CHUNK);
        int[] gone = Arrays.stream(absent.split(" ")).mapToInt(Integer::parseInt).toArray();
        assertEquals(survives, layout.survives(missing(members, gone)));
    }

    @Test
    void shouldSurviveNoLossOnRaid0() {
        RaidLayout layout = LevelManager.create(0, 1, CHUNK, 3, 8L * CHUNK);
        assertTrue(layout.survives(missing(3)));
        assertFalse(layout.survives(missing(3, 2)));
    }

    @Test
    void shouldSurviveOnRaid1WhileOneMemberRemains() {
        RaidLayout layout = LevelManager.create(1, 0, 0, 3, 8L * CHUNK);
        assertTrue(layout.survives(missing(3, 0, 2)));
        assertFalse(layout.survives(missing(3, 0, 1, 2)));
    }

    @Test
    void shouldSurviveOneLossOnRaid5AndTwoOnRaid6() {
        RaidLayout raid5 = LevelManager.create(5, 2, CHUNK, 4, 8L * CHUNK);
        assertTrue(raid5.survives(missing(4, 3)));
        assertFalse(raid5.survives(missing(4, 0, 3)));
        RaidLayout raid6 = LevelManager.create(6, 2, CHUNK, 5, 8L * CHUNK);
        assertTrue(raid6.survives(missing(5, 1, 4)));
        assertFalse(raid6.survives(missing(5, 0, 1, 4)));
    }

    @Test
    void shouldRefuseAFlagArrayOfTheWrongLength() {
        RaidLayout layout = LevelManager.create(5, 2, CHUNK, 4, 8L * CHUNK);
        assertThrows(IllegalArgumentException.class, () -> layout.survives(new boolean[3]));
    }
}
