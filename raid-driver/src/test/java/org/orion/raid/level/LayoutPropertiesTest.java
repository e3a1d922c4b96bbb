package org.orion.raid.level;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orion.driver.api.OrionException;

/**
 * Every level and layout md has, over many member counts and sizes: each array chunk and each
 * parity block gets its own place inside the members, and reverse mapping inverts it
 * ({@link LayoutAudit}). Parity layouts also spread P evenly and give RAID6 md's Q coefficients.
 */
class LayoutPropertiesTest {
    private static final int[] RAID6_ALGORITHMS = {0, 1, 2, 3, 4, 5, 8, 9, 10, 16, 17, 18, 19, 20};

    /** Odd sizes on purpose: a partial chunk (and for RAID10 a partial far region) at the end. */
    private static long memberBytes(int chunk, int rows) {
        return (long) chunk * rows + 3 * 512;
    }

    static Stream<Arguments> everyLayout() {
        List<Arguments> all = new ArrayList<>();
        // The chunk size only scales offsets, so the big chunk gets one size and skips the RAID10 sweep.
        for (int[] geometry : new int[][] {{4096, 7}, {4096, 24}, {65536, 7}}) {
            int chunk = geometry[0];
            long size = memberBytes(chunk, geometry[1]);
            for (int n = 1; n <= 6; n++) {
                add(all, 0, MdLayouts.RAID0_ORIGINAL, chunk, n, size);
                add(all, 1, 0, chunk, n, size);
            }
            for (int n = 2; n <= 9; n++) {
                for (int algorithm = 0; algorithm <= 5; algorithm++) {
                    add(all, 5, algorithm, chunk, n, size);
                }
                add(all, 4, 0, chunk, n, size);
            }
            for (int n = 4; n <= 10; n++) {
                for (int algorithm : RAID6_ALGORITHMS) {
                    add(all, 6, algorithm, chunk, n, size);
                }
            }
            for (int n = 2; n <= 9 && chunk == 4096; n++) {
                for (int layout : raid10Words(n)) {
                    addIfAccepted(all, layout, chunk, n, size);
                }
            }
        }
        return all.stream();
    }

    /** Every RAID10 word with 2..n copies, near/far/offset, far-set variants 0-2. */
    static List<Integer> raid10Words(int n) {
        List<Integer> words = new ArrayList<>();
        for (int near = 1; near <= n; near++) {
            for (int far = 1; near * far <= n; far++) {
                for (int variant = 0; variant <= 2; variant++) {
                    for (boolean offset : new boolean[] {false, true}) {
                        if (near * far >= 2) {
                            words.add(MdLayouts.raid10(near, far, offset) | variant << 17);
                        }
                    }
                }
            }
        }
        return words;
    }

    private static void add(List<Arguments> all, int level, int layout, int chunk, int n, long size) {
        RaidLayout made = LevelManager.create(level, layout, chunk, n, size);
        all.add(Arguments.of(made.toString(), made));
    }

    private static void addIfAccepted(List<Arguments> all, int layout, int chunk, int n, long size) {
        try {
            add(all, 10, layout, chunk, n, size);
        } catch (OrionException refused) {
            // LevelManagerTest covers which words are refused and why.
        }
    }

    static Stream<Arguments> unequalRaid0() {
        long seed = System.nanoTime();
        System.out.println("LayoutPropertiesTest.unequalRaid0 seed=" + seed);
        Random random = new Random(seed);
        List<Arguments> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int chunk = 4096 << random.nextInt(3);
            long[] sizes = new long[1 + random.nextInt(6)];
            for (int m = 0; m < sizes.length; m++) {
                sizes[m] = (long) chunk * (1 + random.nextInt(12)) + 512L * random.nextInt(8);
            }
            for (int layout : new int[] {MdLayouts.RAID0_ORIGINAL, MdLayouts.RAID0_ALTERNATE}) {
                Raid0Layout made = LevelManager.createRaid0(layout, chunk, sizes);
                all.add(Arguments.of("seed " + seed + " " + Arrays.toString(sizes) + " layout " + layout, made));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyLayout")
    void shouldGiveEveryChunkItsOwnPlaceAndMapItBack(String name, RaidLayout layout) {
        LayoutAudit.audit(layout);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unequalRaid0")
    void shouldGiveEveryChunkOfAZonedRaid0ItsOwnPlace(String name, Raid0Layout layout) {
        LayoutAudit.audit(layout);
        long[][] cells = LayoutAudit.occupancy(layout);
        long used = 0;
        for (int m = 0; m < layout.members(); m++) {
            long rows = layout.memberDataBytes(m) / layout.chunkBytes();
            for (int row = 0; row < cells[m].length; row++) {
                assertEquals(row < rows, cells[m][row] >= 0, name + ": member " + m + " row " + row);
            }
            used += layout.memberDataBytes(m);
        }
        assertEquals(used, layout.arrayBytes(), name + ": raid0 uses every rounded member byte");
    }

    static Stream<Arguments> rotatingParity() {
        List<Arguments> all = new ArrayList<>();
        for (int n = 2; n <= 9; n++) {
            for (int algorithm = 0; algorithm <= 3; algorithm++) {
                all.add(Arguments.of(5, algorithm, n, n));
            }
        }
        for (int n = 4; n <= 10; n++) {
            for (int algorithm : new int[] {0, 1, 2, 3, 8, 9, 10}) {
                all.add(Arguments.of(6, algorithm, n, n));
            }
            for (int algorithm = 16; algorithm <= 19; algorithm++) {
                all.add(Arguments.of(6, algorithm, n, n - 1)); // P rotates over the first n-1 members
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "raid{0} layout {1} over {2} members")
    @MethodSource("rotatingParity")
    void shouldPutParityOnEachRotatingMemberEquallyOftenOverACycle(int level, int algorithm, int n, int cycle) {
        int chunk = 4096;
        RaidLayout layout = LevelManager.create(level, algorithm, chunk, n, (long) chunk * cycle * 3);
        int[] pCount = new int[n];
        int[] qCount = new int[n];
        StripeMap map = layout.newStripeMap();
        for (long s = 0; s < layout.stripeCount(); s++) {
            layout.map(s, map);
            pCount[map.pMember]++;
            if (map.qMember >= 0) {
                qCount[map.qMember]++;
            }
        }
        int[] expectedP = new int[n];
        Arrays.fill(expectedP, 0, cycle, 3);
        assertArrayEquals(expectedP, pCount, "P per member over 3 cycles");
        if (level == 6 && cycle == n) {
            int[] expectedQ = new int[n];
            Arrays.fill(expectedQ, 3);
            assertArrayEquals(expectedQ, qCount, "Q per member over 3 cycles");
        } else if (level == 6) {
            assertEquals(3 * cycle, qCount[n - 1], "Q stays on the last member");
        }
    }

    static Stream<Arguments> raid6() {
        List<Arguments> all = new ArrayList<>();
        for (int n = 4; n <= 12; n++) {
            for (int algorithm : RAID6_ALGORITHMS) {
                all.add(Arguments.of(algorithm, n));
            }
        }
        return all.stream();
    }

    /** md's rule (§2.4) spelled as a walk, independent of the closed form the layout uses. */
    private static int[] slotsByWalking(int n, int p, int q, boolean ddf) {
        int[] slotOfMember = new int[n];
        Arrays.fill(slotOfMember, -1);
        int first = ddf ? 0 : (q == n - 1 ? 0 : q + 1);
        int count = 0;
        for (int i = 0; i < n; i++) {
            int member = (first + i) % n;
            int slot = count;
            if (ddf) {
                count++;
            }
            if (member == p || member == q) {
                continue;
            }
            if (!ddf) {
                count++;
            }
            slotOfMember[member] = slot;
        }
        return slotOfMember;
    }

    @ParameterizedTest(name = "raid6 layout {0} over {1} members")
    @MethodSource("raid6")
    void shouldGiveEachDataBlockMdsQCoefficient(int algorithm, int n) {
        int chunk = 4096;
        RaidLayout layout = LevelManager.create(6, algorithm, chunk, n, (long) chunk * n * 2);
        boolean ddf = MdLayouts.isDdf(algorithm);
        StripeMap map = layout.newStripeMap();
        for (long s = 0; s < layout.stripeCount(); s++) {
            layout.map(s, map);
            int[] walked = slotsByWalking(n, map.pMember, map.qMember, ddf);
            int[] exponents = Arrays.copyOf(map.qExponent, map.dataBlocks);
            for (int k = 0; k < map.dataBlocks; k++) {
                assertEquals(walked[map.member(k, 0)], exponents[k], "stripe " + s + " block " + k);
            }
            int[] sorted = exponents.clone();
            Arrays.sort(sorted);
            if (ddf) {
                assertTrue(Arrays.stream(sorted).distinct().count() == sorted.length, "distinct exponents");
                for (int k = 0; k < map.dataBlocks; k++) {
                    assertEquals(map.member(k, 0), exponents[k], "DDF exponent is the member index");
                }
            } else {
                int[] permutation = new int[map.dataBlocks];
                Arrays.setAll(permutation, i -> i);
                assertArrayEquals(permutation, sorted, "stripe " + s + ": exponents are a permutation of 0..D-1");
            }
            if (algorithm == 2 || algorithm == 3 || algorithm == 4 || algorithm == 5) {
                int[] logical = new int[map.dataBlocks];
                Arrays.setAll(logical, i -> i);
                assertArrayEquals(logical, exponents, "symmetric and fixed layouts use logical order");
            }
        }
    }

    @Test
    void shouldMapWithoutAllocating() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        List<RaidLayout> layouts = List.of(
                LevelManager.create(6, 9, 4096, 8, 4096L * 1000),
                LevelManager.create(5, 2, 4096, 5, 4096L * 1000),
                LevelManager.create(10, 0x201, 4096, 5, 4096L * 1000),
                LevelManager.createRaid0(2, 4096, new long[] {4096L * 300, 4096L * 900, 4096L * 600}),
                LevelManager.create(1, 0, 0, 3, 4096L * 1000));
        for (RaidLayout layout : layouts) {
            StripeMap map = layout.newStripeMap();
            long stripes = layout.stripeCount();
            for (int warm = 0; warm < 20_000; warm++) {
                layout.map(warm % stripes, map);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                layout.map(i % stripes, map);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 64 * 1024, layout + " allocated " + allocated + " bytes in 100000 maps");
        }
    }
}
