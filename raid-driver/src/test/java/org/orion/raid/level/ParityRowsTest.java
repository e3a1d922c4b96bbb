package org.orion.raid.level;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.StringJoiner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The worked tables of md-format.md §2.3, cell for cell: which array chunk (D0, D1, ...), P or Q
 * each member holds in stripes 0-3, and for RAID6 the Q coefficient exponent of each data chunk.
 */
class ParityRowsTest {
    private static final int CHUNK = 64 * 1024;

    /** "D4 D5 P D3": what each member holds in {@code stripe}. */
    static String row(RaidLayout layout, long stripe) {
        StripeMap map = layout.newStripeMap();
        layout.map(stripe, map);
        String[] cells = new String[layout.members()];
        for (int k = 0; k < map.dataBlocks; k++) {
            cells[map.member(k, 0)] = "D" + (stripe * map.dataBlocks + k);
            assertEquals(map.parityOffsetBytes, map.offsetBytes(k, 0), "data shares the parity row");
        }
        cells[map.pMember] = "P";
        if (map.qMember >= 0) {
            cells[map.qMember] = "Q";
        }
        StringJoiner joined = new StringJoiner(" ");
        Arrays.stream(cells).forEach(joined::add);
        return joined.toString();
    }

    private static int[] exponents(RaidLayout layout, long stripe) {
        StripeMap map = layout.newStripeMap();
        layout.map(stripe, map);
        return Arrays.copyOf(map.qExponent, map.dataBlocks);
    }

    private static int[] parseInts(String spaced) {
        return Arrays.stream(spaced.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    @ParameterizedTest(name = "raid5 {0}")
    @CsvSource(delimiter = '|', value = {
        "left-asymmetric  | D0 D1 D2 P | D3 D4 P D5 | D6 P D7 D8 | P D9 D10 D11",
        "right-asymmetric | P D0 D1 D2 | D3 P D4 D5 | D6 D7 P D8 | D9 D10 D11 P",
        "left-symmetric   | D0 D1 D2 P | D4 D5 P D3 | D8 P D6 D7 | P D9 D10 D11",
        "right-symmetric  | P D0 D1 D2 | D5 P D3 D4 | D7 D8 P D6 | D9 D10 D11 P",
        "parity-first     | P D0 D1 D2 | P D3 D4 D5 | P D6 D7 D8 | P D9 D10 D11",
        "parity-last      | D0 D1 D2 P | D3 D4 D5 P | D6 D7 D8 P | D9 D10 D11 P",
    })
    void shouldPlaceRaid5ChunksOnFourMembersAsMdDoes(String layoutName, String s0, String s1, String s2, String s3) {
        RaidLayout layout = LevelManager.create(5, LevelManager.parseLayout(5, layoutName), CHUNK, 4, 4L * CHUNK);
        assertEquals(4, layout.stripeCount());
        String[] expected = {s0, s1, s2, s3};
        for (int s = 0; s < 4; s++) {
            assertEquals(expected[s], row(layout, s), layoutName + " stripe " + s);
        }
    }

    @ParameterizedTest(name = "raid4 with layout field {0}")
    @CsvSource({"0", "2", "5"})
    void shouldKeepRaid4ParityOnTheLastMemberWhateverTheLayoutField(int layoutField) {
        RaidLayout layout = LevelManager.create(4, layoutField, CHUNK, 4, 4L * CHUNK);
        for (int s = 0; s < 4; s++) {
            String data = "D" + 3 * s + " D" + (3 * s + 1) + " D" + (3 * s + 2);
            assertEquals(data + " P", row(layout, s));
        }
        assertEquals(layoutField, layout.layout());
    }

    @ParameterizedTest(name = "raid6 {0}")
    @CsvSource(delimiter = '|', value = {
        "left-symmetric    | Q D0 D1 D2 P;0 1 2 | D3 D4 D5 P Q;0 1 2 | D7 D8 P Q D6;0 1 2 | D11 P Q D9 D10;0 1 2",
        "left-asymmetric   | Q D0 D1 D2 P;0 1 2 | D3 D4 D5 P Q;0 1 2 | D6 D7 P Q D8;1 2 0 | D9 P Q D10 D11;2 0 1",
        "right-asymmetric  | P Q D0 D1 D2;0 1 2 | D3 P Q D4 D5;2 0 1 | D6 D7 P Q D8;1 2 0 | D9 D10 D11 P Q;0 1 2",
        "left-symmetric-6  | D0 D1 D2 P Q;0 1 2 | D4 D5 P D3 Q;2 0 1 | D8 P D6 D7 Q;1 2 0 | P D9 D10 D11 Q;0 1 2",
        "ddf-N-continue    | D0 D1 D2 Q P;0 1 2 | D4 D5 Q P D3;4 0 1 | D8 Q P D6 D7;3 4 0 | Q P D9 D10 D11;2 3 4",
    })
    void shouldPlaceRaid6ChunksAndQCoefficientsOnFiveMembersAsMdDoes(String layoutName, String s0, String s1,
            String s2, String s3) {
        RaidLayout layout = LevelManager.create(6, LevelManager.parseLayout(6, layoutName), CHUNK, 5, 4L * CHUNK);
        String[] expected = {s0, s1, s2, s3};
        for (int s = 0; s < 4; s++) {
            String[] cellsAndExponents = expected[s].split(";");
            assertEquals(cellsAndExponents[0].trim(), row(layout, s), layoutName + " stripe " + s);
            assertArrayEquals(parseInts(cellsAndExponents[1]), exponents(layout, s),
                    layoutName + " stripe " + s + " Q exponents (by data index)");
        }
    }

    @ParameterizedTest(name = "raid6 {0}")
    @CsvSource(delimiter = '|', value = {
        // From the §2.2 formulas: ZR is RA with DDF coefficients, NR is LA one stripe later.
        "ddf-zero-restart | P Q D0 D1 D2;2 3 4 | D3 P Q D4 D5;0 3 4 | D6 D7 P Q D8;0 1 4 | D9 D10 D11 P Q;0 1 2",
        "ddf-N-restart    | D0 D1 D2 P Q;0 1 2 | D3 D4 P Q D5;0 1 4 | D6 P Q D7 D8;0 3 4 | P Q D9 D10 D11;2 3 4",
        "parity-first     | P Q D0 D1 D2;0 1 2 | P Q D3 D4 D5;0 1 2 | P Q D6 D7 D8;0 1 2 | P Q D9 D10 D11;0 1 2",
        "parity-last      | D0 D1 D2 P Q;0 1 2 | D3 D4 D5 P Q;0 1 2 | D6 D7 D8 P Q;0 1 2 | D9 D10 D11 P Q;0 1 2",
        "parity-first-6   | P D0 D1 D2 Q;0 1 2 | P D3 D4 D5 Q;0 1 2 | P D6 D7 D8 Q;0 1 2 | P D9 D10 D11 Q;0 1 2",
        "right-symmetric  | P Q D0 D1 D2;0 1 2 | D5 P Q D3 D4;0 1 2 | D7 D8 P Q D6;0 1 2 | D9 D10 D11 P Q;0 1 2",
    })
    void shouldPlaceTheOtherRaid6LayoutsByMdsFormulas(String layoutName, String s0, String s1, String s2, String s3) {
        shouldPlaceRaid6ChunksAndQCoefficientsOnFiveMembersAsMdDoes(layoutName, s0, s1, s2, s3);
    }
}
