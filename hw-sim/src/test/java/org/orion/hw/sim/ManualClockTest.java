package org.orion.hw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualClockTest {
    @Test
    void shouldMoveOnlyWhenAdvancedOrSet() {
        ManualClock clock = new ManualClock(100);
        assertEquals(100, clock.nanoTime());
        clock.advance(50);
        assertEquals(150, clock.nanoTime());
        clock.set(1_000);
        assertEquals(1_000, clock.nanoTime());
    }

    @Test
    void shouldRefuseToGoBackwards() {
        ManualClock clock = new ManualClock(1_000);
        String advance = assertThrows(IllegalArgumentException.class, () -> clock.advance(-1)).getMessage();
        assertTrue(advance.contains("negative"), advance);
        String set = assertThrows(IllegalArgumentException.class, () -> clock.set(999)).getMessage();
        assertTrue(set.contains("from 1000 to 999"), set);
        assertEquals(1_000, clock.nanoTime());
    }

    @Test
    void shouldStepThroughEveryDueTimeOnTheWayToTheTarget() {
        ManualClock clock = new ManualClock();
        List<Long> dueTimes = new ArrayList<>(List.of(30L, 70L, 250L));
        List<Long> ranAt = new ArrayList<>();
        clock.addListener(new ManualClock.Listener() {
            @Override
            public void timeAdvanced(long nowNanos) {
                while (!dueTimes.isEmpty() && dueTimes.get(0) <= nowNanos) {
                    dueTimes.remove(0);
                    ranAt.add(clock.nanoTime());
                }
            }

            @Override
            public long nextDueNanos() {
                return dueTimes.isEmpty() ? Long.MAX_VALUE : dueTimes.get(0);
            }
        });
        clock.advance(100);
        assertEquals(List.of(30L, 70L), ranAt, "each ran with the clock at its own due time");
        assertEquals(100, clock.nanoTime());
        clock.set(1_000);
        assertEquals(List.of(30L, 70L, 250L), ranAt);
    }

    @Test
    void shouldTellListenersTheNewTimeAfterEveryMove() {
        ManualClock clock = new ManualClock();
        List<Long> seen = new ArrayList<>();
        ManualClock.Listener listener = seen::add;
        clock.addListener(listener);
        clock.advance(10);
        clock.advance(0);
        clock.set(25);
        clock.removeListener(listener);
        clock.advance(5);
        assertEquals(List.of(10L, 10L, 25L), seen);
    }
}
