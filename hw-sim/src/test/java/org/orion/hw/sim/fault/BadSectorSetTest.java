package org.orion.hw.sim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BadSectorSetTest {
    @Test
    void shouldMergeSplitAndCountRangesLikeASetOfSectors() {
        BadSectorSet set = new BadSectorSet();
        assertEquals(8, set.add(16, 24));
        assertEquals(4, set.add(20, 28), "four of them were already bad");
        assertEquals(8, set.add(8, 16), "adjacent ranges merge");
        assertEquals("BadSectorSet[8-27]", set.toString());
        assertEquals(4, set.heal(12, 16));
        assertEquals("BadSectorSet[8-11, 16-27]", set.toString());
        assertTrue(set.overlaps(11, 12));
        assertFalse(set.overlaps(12, 16));
        assertFalse(set.overlaps(28, 100));
        assertEquals(0, set.heal(0, 8));
        assertEquals(16, set.heal(0, 1_000));
        assertFalse(set.overlaps(0, Long.MAX_VALUE));
    }

    @Test
    void shouldAgreeWithABitSetModelUnderRandomChanges() {
        long seed = 77;
        SplittableRandom random = new SplittableRandom(seed);
        BadSectorSet set = new BadSectorSet();
        BitSet model = new BitSet();
        for (int step = 0; step < 5_000; step++) {
            int start = random.nextInt(2_000);
            int end = start + 1 + random.nextInt(40);
            if (random.nextBoolean()) {
                long before = model.get(start, end).cardinality();
                model.set(start, end);
                assertEquals((end - start) - before, set.add(start, end), "seed " + seed + " step " + step);
            } else {
                long before = model.get(start, end).cardinality();
                model.clear(start, end);
                assertEquals(before, set.heal(start, end), "seed " + seed + " step " + step);
            }
            int probe = random.nextInt(2_050);
            int probeEnd = probe + 1 + random.nextInt(8);
            assertEquals(!model.get(probe, probeEnd).isEmpty(), set.overlaps(probe, probeEnd), "seed " + seed);
        }
        assertEquals(model.cardinality(), set.count());
    }
}
