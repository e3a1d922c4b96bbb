package org.orion.raid.level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * md-format.md §4's RAID10 examples, cell for cell: members of 8 chunks each, rows listed top to
 * bottom, each row giving the array chunk every member holds there ("-" for unused space).
 */
class Raid10RowsTest {
    private static final int CHUNK = 4096;

    /** Rows of "c c c c" built from map(), failing if two copies land in one place. */
    static List<String> rows(RaidLayout layout) {
        int rows = (int) (layout.memberDataBytes() / layout.chunkBytes());
        String[][] grid = new String[rows][layout.members()];
        for (String[] row : grid) {
            Arrays.fill(row, "-");
        }
        StripeMap map = layout.newStripeMap();
        for (long c = 0; c < layout.stripeCount(); c++) {
            layout.map(c, map);
            for (int i = 0; i < map.copies; i++) {
                int row = (int) (map.offsetBytes(0, i) / layout.chunkBytes());
                String[] cells = grid[row];
                assertEquals("-", cells[map.member(0, i)], "chunk " + c + " copy " + i + " overwrites a chunk");
                cells[map.member(0, i)] = Long.toString(c);
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] row : grid) {
            out.add(String.join(" ", row));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} over {1} members")
    @CsvSource(delimiter = '|', value = {
        "n2 | 4 | 0 0 1 1 / 2 2 3 3 / 4 4 5 5 / 6 6 7 7 / 8 8 9 9 / 10 10 11 11 / 12 12 13 13 / 14 14 15 15",
        "n2 | 3 | 0 0 1 / 1 2 2 / 3 3 4 / 4 5 5 / 6 6 7 / 7 8 8 / 9 9 10 / 10 11 11",
        "f2 | 4 | 0 1 2 3 / 4 5 6 7 / 8 9 10 11 / 12 13 14 15 / 3 0 1 2 / 7 4 5 6 / 11 8 9 10 / 15 12 13 14",
        "o2 | 4 | 0 1 2 3 / 3 0 1 2 / 4 5 6 7 / 7 4 5 6 / 8 9 10 11 / 11 8 9 10 / 12 13 14 15 / 15 12 13 14",
        "n3 | 3 | 0 0 0 / 1 1 1 / 2 2 2 / 3 3 3 / 4 4 4 / 5 5 5 / 6 6 6 / 7 7 7",
        "f2 | 3 | 0 1 2 / 3 4 5 / 6 7 8 / 9 10 11 / 2 0 1 / 5 3 4 / 8 6 7 / 11 9 10",
        "o3 | 3 | 0 1 2 / 2 0 1 / 1 2 0 / 3 4 5 / 5 3 4 / 4 5 3",
    })
    void shouldPlaceCopiesAsMdsExamplesShow(String layoutName, int members, String expectedRows) {
        RaidLayout layout = LevelManager.create(10, LevelManager.parseLayout(10, layoutName), CHUNK, members,
                8L * CHUNK);
        List<String> expected = Arrays.stream(expectedRows.split(" / ")).map(String::trim).toList();
        assertEquals(expected, rows(layout));
    }

    @ParameterizedTest(name = "{0} over {1} members of {2} chunks")
    @CsvSource({
        // md: array = ((chunks / far) * n / near) chunks; used = ceil(array * copies / n) chunks per member
        "n2, 3, 11, 16, 11",
        "n2, 4, 9, 18, 9",
        "n3, 4, 10, 13, 10",
        "f2, 4, 9, 16, 8",
        "f2, 3, 9, 12, 8",
        "o2, 5, 7, 15, 6",
        "f3, 5, 10, 15, 9",
    })
    void shouldSizeTheArrayByMdsFormula(String layoutName, int members, long memberChunks, long arrayChunks,
            long usedChunks) {
        RaidLayout layout = LevelManager.create(10, LevelManager.parseLayout(10, layoutName), CHUNK, members,
                memberChunks * CHUNK);
        assertEquals(arrayChunks * CHUNK, layout.arrayBytes());
        assertEquals(usedChunks * CHUNK, layout.memberDataBytes());
    }

    @ParameterizedTest(name = "{0} over {1} members: stride {2} chunks")
    @CsvSource({"f2, 4, 4", "f2, 3, 4", "f3, 5, 3", "o2, 4, 1"})
    void shouldPutFarCopiesOneStrideLower(String layoutName, int members, long strideChunks) {
        RaidLayout layout = LevelManager.create(10, LevelManager.parseLayout(10, layoutName), CHUNK, members,
                9L * CHUNK);
        StripeMap map = layout.newStripeMap();
        layout.map(0, map);
        assertEquals(0, map.offsetBytes(0, 0));
        assertTrue(map.copies >= 2);
        assertEquals(strideChunks * CHUNK, map.offsetBytes(0, 1));
    }
}
