package org.orion.raid.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.hw.DiskIdentity;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.driver.api.hw.PhysicalDisk;
import org.orion.driver.api.hw.Transport;
import org.orion.driver.api.spi.DriverConfig;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.HealthCounters;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.ManualClock;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDisk;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;

/** The health monitor on simulated disks whose counters change, scheduled by a manual clock. */
class HealthMonitorTest {
    private static final long PERIOD = TimeUnit.MINUTES.toNanos(30);
    private static final long START = 1_000_000;

    private final ManualClock clock = new ManualClock(START);
    private final List<DriverEvent> events = new CopyOnWriteArrayList<>();
    private final FakeRequester requester = new FakeRequester();
    private final AtomicBoolean spare = new AtomicBoolean(true);
    private SimController controller;
    private List<WatchedDisk> watched;

    /** Records every replace request and answers with {@link #answer}. */
    static final class FakeRequester implements ReplaceRequester {
        final List<String> requests = new ArrayList<>();
        boolean answer = true;

        @Override
        public boolean requestReplace(int slot, String reason) {
            requests.add(slot + ": " + reason);
            return answer;
        }
    }

    @BeforeEach
    void createDisks() {
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            specs.add(new SimDiskSpec("d" + i, 1 << 20, 512, 4096, null, false));
        }
        controller = SimController.create("hm", SimPersonality.SATA, clock, LatencyModel.ZERO, specs);
        watched = new ArrayList<>();
        for (SimDisk d : controller.disks()) {
            watched.add(new WatchedDisk(watched.size(), d.name(), d));
        }
    }

    @AfterEach
    void closeDisks() {
        controller.close();
    }

    /** A monitor driven by the manual clock: it polls exactly when the clock passes its due time. */
    private HealthMonitor monitor(HealthPolicy policy) {
        HealthMonitor monitor = new HealthMonitor("md9", () -> watched, policy, spare::get, requester, events::add, clock);
        clock.addListener(new ManualClock.Listener() {
            @Override
            public void timeAdvanced(long nowNanos) {
                monitor.runDue();
            }

            @Override
            public long nextDueNanos() {
                return monitor.nextDueNanos();
            }
        });
        return monitor;
    }

    private HealthMonitor monitor() {
        return monitor(new HealthPolicy(PERIOD, true, true));
    }

    private HealthCounters counters(int slot) {
        return controller.disks().get(slot).healthCounters();
    }

    private List<String> predictions() {
        return events.stream().filter(e -> e instanceof DriverEvent.PredictedFailure).map(DriverEvent::describe).toList();
    }

    @Test
    void shouldTakeABaselineAtOnceAndThenPollOncePerPeriodOfTheClock() {
        HealthMonitor monitor = monitor();
        assertEquals(START, monitor.nextDueNanos(), "the first poll is due immediately");
        clock.advance(0);
        assertEquals(1, monitor.polls());
        clock.advance(PERIOD - 1);
        assertEquals(1, monitor.polls(), "not due yet");
        clock.advance(1);
        assertEquals(2, monitor.polls());
        clock.advance(3 * PERIOD);
        assertEquals(5, monitor.polls(), "the clock steps through every due time on the way");
        assertEquals(START + 5 * PERIOD, monitor.nextDueNanos());
        assertEquals(List.of(), events, "healthy disks raise nothing");
    }

    @Test
    void shouldPredictFailureOnceWhenPendingSectorsRiseAndAgainWhenTheyAreReallocated() {
        monitor();
        clock.advance(0);
        counters(1).addPendingSectors(8);
        clock.advance(PERIOD);
        assertEquals(List.of("hm/d1 predicted to fail: md9 slot 1: pending sectors rose from 0 to 8"), predictions());
        DriverEvent first = events.get(0);
        assertEquals(START + PERIOD, first.atNanos(), "raised at the poll's time on the clock");
        assertEquals("PredictedFailure", first.kind());
        clock.advance(5 * PERIOD);
        assertEquals(1, predictions().size(), "no repeats while the counters stay put");
        counters(1).pendingSectorsRewritten(8);
        clock.advance(PERIOD);
        assertEquals("hm/d1 predicted to fail: md9 slot 1: reallocated sectors rose from 0 to 8", predictions().get(1));
        assertEquals(2, predictions().size());
    }

    @Test
    void shouldPredictFailureWhenTheDisksOwnVerdictTurnsToFailed() {
        monitor();
        clock.advance(0);
        counters(3).markFailed();
        clock.advance(PERIOD);
        clock.advance(PERIOD);
        assertEquals(List.of("hm/d3 predicted to fail: md9 slot 3: its own health verdict is FAILED"), predictions());
    }

    @Test
    void shouldReportADiskThatIsAlreadyFailingAtTheFirstPollButNotCountersItAlreadyHad() {
        counters(0).addPendingSectors(2);
        counters(2).markFailed();
        monitor();
        clock.advance(0);
        assertEquals(List.of("hm/d2 predicted to fail: md9 slot 2: its own health verdict is FAILED"), predictions());
    }

    @Test
    void shouldNameEverythingThatGotWorseInOneEvent() {
        monitor();
        clock.advance(0);
        counters(2).addPendingSectors(4);
        counters(2).pendingSectorsRewritten(1);
        counters(2).markFailed();
        clock.advance(PERIOD);
        assertEquals(List.of("hm/d2 predicted to fail: md9 slot 2: its own health verdict is FAILED, reallocated sectors"
                + " rose from 0 to 1, pending sectors rose from 0 to 3"), predictions());
    }

    @Test
    void shouldRequestOneProactiveReplaceWhenASpareIsAvailableAndThePolicyAllowsIt() {
        monitor();
        clock.advance(0);
        counters(1).addPendingSectors(1);
        clock.advance(PERIOD);
        assertEquals(List.of("1: pending sectors rose from 0 to 1"), requester.requests);
        counters(1).addPendingSectors(1);
        clock.advance(PERIOD);
        assertEquals(2, predictions().size(), "a further rise is reported");
        assertEquals(1, requester.requests.size(), "but the replace already asked for is not asked again");
    }

    @Test
    void shouldNotReplaceWhenHotSpareAutoAllocateIsOff() {
        monitor(new HealthPolicy(PERIOD, false, true));
        clock.advance(0);
        counters(1).markFailed();
        clock.advance(3 * PERIOD);
        assertEquals(1, predictions().size());
        assertEquals(List.of(), requester.requests);
    }

    @Test
    void shouldNotReplaceWhenTheMonitorOptionIsOff() {
        monitor(new HealthPolicy(PERIOD, true, false));
        clock.advance(0);
        counters(1).markFailed();
        clock.advance(3 * PERIOD);
        assertEquals(1, predictions().size());
        assertEquals(List.of(), requester.requests);
    }

    @Test
    void shouldReplaceAtTheNextPollOnceASpareBecomesAvailable() {
        spare.set(false);
        monitor();
        clock.advance(0);
        counters(0).addPendingSectors(3);
        clock.advance(2 * PERIOD);
        assertEquals(List.of(), requester.requests, "no spare, no replace");
        spare.set(true);
        clock.advance(PERIOD);
        assertEquals(List.of("0: pending sectors rose from 0 to 3"), requester.requests);
        assertEquals(1, predictions().size(), "the prediction itself is not repeated");
    }

    @Test
    void shouldAskAgainAtTheNextPollWhenTheArrayRefusedTheReplace() {
        requester.answer = false;
        monitor();
        clock.advance(0);
        counters(2).markFailed();
        clock.advance(PERIOD);
        requester.answer = true;
        clock.advance(PERIOD);
        clock.advance(PERIOD);
        assertEquals(List.of("2: its own health verdict is FAILED", "2: its own health verdict is FAILED"),
                requester.requests);
    }

    @Test
    void shouldStartANewBaselineWhenAnotherDiskTakesTheSlot() {
        monitor();
        clock.advance(0);
        SimDisk replacement = controller.disks().get(3);
        replacement.healthCounters().addPendingSectors(5);
        watched.set(1, new WatchedDisk(1, replacement.name(), replacement));
        watched.remove(3);
        clock.advance(PERIOD);
        assertEquals(List.of(), predictions(), "counters the new disk came with are its baseline");
        replacement.healthCounters().addPendingSectors(1);
        clock.advance(PERIOD);
        assertEquals(List.of("hm/d3 predicted to fail: md9 slot 1: pending sectors rose from 5 to 6"), predictions());
    }

    @Test
    void shouldKeepWatchingTheOtherDisksWhenOneCannotBeRead() {
        AtomicBoolean unreadable = new AtomicBoolean(true);
        SimDisk d0 = controller.disks().get(0);
        watched.set(0, new WatchedDisk(0, "flaky", new UnreadableHealth(d0, unreadable)));
        monitor();
        clock.advance(0);
        counters(1).addPendingSectors(1);
        d0.healthCounters().addPendingSectors(1);
        clock.advance(PERIOD);
        assertEquals(List.of("hm/d1 predicted to fail: md9 slot 1: pending sectors rose from 0 to 1"), predictions());
        unreadable.set(false);
        clock.advance(PERIOD);
        d0.healthCounters().addPendingSectors(1);
        clock.advance(PERIOD);
        assertEquals("flaky predicted to fail: md9 slot 0: pending sectors rose from 1 to 2", predictions().get(1));
    }

    @Test
    void shouldPollOnItsOwnDaemonThreadUntilClosed() throws Exception {
        HealthMonitor monitor = new HealthMonitor("md-thread", () -> watched,
                new HealthPolicy(TimeUnit.MILLISECONDS.toNanos(5), true, true), spare::get, requester, events::add,
                NanoClock.system());
        monitor.start();
        try {
            Thread thread = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("orion-health-md-thread")).findFirst().orElseThrow();
            assertTrue(thread.isDaemon());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (monitor.polls() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(monitor.polls() >= 3, "polled " + monitor.polls() + " times");
            counters(2).markFailed();
            while (events.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, predictions().size());
        } finally {
            monitor.close();
        }
        long after = monitor.polls();
        Thread.sleep(30);
        assertEquals(after, monitor.polls(), "no polls after close");
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("orion-health-md-thread")));
    }

    @Test
    void shouldTakeHotSpareAutoAllocateFromTheRaidSection() {
        assertTrue(HealthPolicy.fromConfig(DriverConfig.empty(), PERIOD, true).allowsReplace(), "on by default");
        HealthPolicy off = HealthPolicy.fromConfig(new OneBoolean("hot_spare_auto_allocate", false), PERIOD, true);
        assertFalse(off.hotSpareAutoAllocate());
        assertFalse(off.allowsReplace());
        assertEquals(PERIOD, off.periodNanos());
    }

    /** A physical disk whose health cannot be read while {@code unreadable} is set (as a pulled disk). */
    private static final class UnreadableHealth extends FilterBlockDevice implements PhysicalDisk {
        private final SimDisk disk;
        private final AtomicBoolean unreadable;

        UnreadableHealth(SimDisk disk, AtomicBoolean unreadable) {
            super(disk);
            this.disk = disk;
            this.unreadable = unreadable;
        }

        @Override
        public Transport transport() {
            return disk.transport();
        }

        @Override
        public DiskIdentity identity() {
            return disk.identity();
        }

        @Override
        public HealthSnapshot health() {
            if (unreadable.get()) {
                throw new IllegalStateException("SMART READ DATA failed");
            }
            return disk.health();
        }
    }

    /** A [raid] section with one boolean key. */
    private record OneBoolean(String key, boolean value) implements DriverConfig {
        public Set<String> keys() {
            return Set.of(key);
        }

        public Optional<String> string(String k) {
            return Optional.empty();
        }

        public Optional<Long> integer(String k) {
            return Optional.empty();
        }

        public Optional<Boolean> bool(String k) {
            return Optional.ofNullable(Map.of(key, value).get(k));
        }

        public Optional<Long> sizeBytes(String k) {
            return Optional.empty();
        }

        public DriverConfig section(String k) {
            return DriverConfig.empty();
        }
    }
}
