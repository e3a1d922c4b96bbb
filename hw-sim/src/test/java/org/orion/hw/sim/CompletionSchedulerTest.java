package org.orion.hw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.time.NanoClock;

class CompletionSchedulerTest {
    /** Records what happened to it. */
    private static final class Probe implements CompletionScheduler.Task {
        final String name;
        final List<String> log;
        final CountDownLatch done = new CountDownLatch(1);
        volatile long ranAtNanos;

        Probe(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public void runDue() {
            ranAtNanos = System.nanoTime();
            synchronized (log) {
                log.add(name);
            }
            done.countDown();
        }

        @Override
        public void cancelled() {
            synchronized (log) {
                log.add(name + " cancelled");
            }
            done.countDown();
        }
    }

    @Test
    void shouldRunTasksInDueOrderWhenTheManualClockPassesThem() {
        ManualClock clock = new ManualClock();
        List<String> log = new ArrayList<>();
        try (CompletionScheduler scheduler = CompletionScheduler.create("t", clock)) {
            assertTrue(scheduler.isManual());
            for (int i = 0; i < 200; i++) {
                // Due times 0..9 us, many ties: ties must keep scheduling order.
                scheduler.schedule(new Probe((i % 10) + ":" + i, log), (i % 10) * 1_000L + 1);
            }
            clock.advance(4_999);
            assertEquals(100, log.size());
            clock.advance(10_000);
            assertEquals(200, log.size());
            for (int i = 1; i < log.size(); i++) {
                String[] previous = log.get(i - 1).split(":");
                String[] current = log.get(i).split(":");
                int byDue = Integer.compare(Integer.parseInt(previous[0]), Integer.parseInt(current[0]));
                assertTrue(byDue < 0 || (byDue == 0 && Integer.parseInt(previous[1]) < Integer.parseInt(current[1])),
                        log.get(i - 1) + " before " + log.get(i));
            }
        }
    }

    @Test
    void shouldCancelMatchingTasksAndEverythingAtClose() {
        ManualClock clock = new ManualClock();
        List<String> log = new ArrayList<>();
        CompletionScheduler scheduler = CompletionScheduler.create("t", clock);
        scheduler.schedule(new Probe("a", log), 10);
        scheduler.schedule(new Probe("b", log), 20);
        scheduler.schedule(new Probe("c", log), 30);
        assertEquals(1, scheduler.cancelIf(task -> ((Probe) task).name.equals("b")));
        clock.advance(10);
        assertEquals(List.of("b cancelled", "a"), log);
        scheduler.close();
        assertEquals(List.of("b cancelled", "a", "c cancelled"), log);
        scheduler.schedule(new Probe("late", log), 0);
        assertEquals("late cancelled", log.get(3), "a closed scheduler cancels at once");
        clock.advance(100);
        assertEquals(4, log.size(), "a closed scheduler no longer listens to the clock");
    }

    @Test
    void shouldDeliverOnItsOwnThreadNoEarlierThanTheDueTime() throws InterruptedException {
        NanoClock clock = NanoClock.system();
        List<String> log = new ArrayList<>();
        try (CompletionScheduler scheduler = CompletionScheduler.create("t", clock)) {
            assertFalse(scheduler.isManual());
            // Both due times from one reading, so a busy machine pausing this thread cannot reorder them.
            long now = clock.nanoTime();
            long due = now + TimeUnit.MILLISECONDS.toNanos(20);
            Probe late = new Probe("late", log);
            Probe early = new Probe("early", log);
            scheduler.schedule(late, due);
            scheduler.schedule(early, now + TimeUnit.MILLISECONDS.toNanos(1));
            assertTrue(late.done.await(5, TimeUnit.SECONDS));
            assertTrue(late.ranAtNanos >= due, "ran " + (due - late.ranAtNanos) + " ns early");
            synchronized (log) {
                assertEquals(List.of("early", "late"), log);
            }
        }
    }
}
