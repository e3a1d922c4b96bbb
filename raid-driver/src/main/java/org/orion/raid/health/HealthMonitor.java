package org.orion.raid.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.driver.api.hw.PhysicalDisk;
import org.orion.driver.api.time.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the health counters of an array's physical members on a schedule and acts on disks that get
 * worse.
 *
 * <ul>
 *   <li>Every {@link HealthPolicy#periodNanos()} on the injected clock (the first poll is due at
 *       construction and only records a baseline) it reads each {@link WatchedDisk}'s
 *       {@link PhysicalDisk#health()} and compares it with the previous snapshot of the same disk.</li>
 *   <li>A rise in reallocated or pending sectors, or the disk's own verdict turning to failed,
 *       raises one {@link DriverEvent.PredictedFailure}. Unchanged counters raise nothing, so a disk
 *       with 8 reallocated sectors is reported once when it gets them, not at every poll.</li>
 *   <li>A disk predicted to fail is replaced proactively when the policy allows it
 *       ({@link HealthPolicy#allowsReplace()}) and a spare is available: the monitor calls the
 *       {@link ReplaceRequester} once for it; a refused request is asked again at the next poll.</li>
 *   <li>A new disk in a slot (after a replace) starts a new baseline.</li>
 * </ul>
 *
 * <p>Threads: {@link #start()} runs the schedule on one daemon thread; simulations instead call
 * {@link #runDue()} from their manual clock (it is due at {@link #nextDueNanos()}), so polls happen at
 * exactly the same simulated times on every run. Polls are serialised. A disk whose health cannot be
 * read is skipped (logged once) and does not stop the others.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
    /** Longest sleep of the polling thread, so a clock that is moved by hand is noticed. */
    private static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long JOIN_MILLIS = 10_000;

    private final String arrayName;
    private final Supplier<List<WatchedDisk>> members;
    private final HealthPolicy policy;
    private final BooleanSupplier spareAvailable;
    private final ReplaceRequester requester;
    private final EventSink events;
    private final NanoClock clock;
    private final Map<Integer, Tracked> tracked = new HashMap<>();
    private volatile long nextDueNanos;
    private volatile boolean running;
    private Thread thread;
    private long polls;

    /** What the monitor remembers about the disk in one slot. */
    private static final class Tracked {
        final PhysicalDisk disk;
        HealthSnapshot last;
        String prediction;
        boolean replaceRequested;
        boolean replaceRefusalLogged;
        boolean readFailureLogged;

        Tracked(PhysicalDisk disk) {
            this.disk = disk;
        }
    }

    /**
     * @param arrayName      the array's name, for events and logs
     * @param members        the members to watch, asked at every poll (see {@link ArrayMembers#of})
     * @param policy         period and whether replacing is allowed
     * @param spareAvailable true while the array has a spare a replace could use
     * @param requester      starts a proactive hot replace
     * @param events         where {@link DriverEvent.PredictedFailure}s go
     * @param clock          the schedule's clock (a manual clock in simulations)
     */
    public HealthMonitor(String arrayName, Supplier<List<WatchedDisk>> members, HealthPolicy policy,
                         BooleanSupplier spareAvailable, ReplaceRequester requester, EventSink events, NanoClock clock) {
        this.arrayName = Objects.requireNonNull(arrayName, "arrayName");
        this.members = Objects.requireNonNull(members, "members");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.spareAvailable = Objects.requireNonNull(spareAvailable, "spareAvailable");
        this.requester = Objects.requireNonNull(requester, "requester");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextDueNanos = clock.nanoTime();
    }

    /** When the next poll is due, on the monitor's clock. */
    public long nextDueNanos() {
        return nextDueNanos;
    }

    /** Polls if a poll is due (once, even if several periods were missed) and schedules the next. */
    public synchronized void runDue() {
        long now = clock.nanoTime();
        if (now < nextDueNanos) {
            return;
        }
        long due = nextDueNanos;
        while (due <= now) {
            due += policy.periodNanos();
        }
        nextDueNanos = due;
        pollNow();
    }

    /** Reads every watched disk once now and acts on what got worse; returns the events raised. */
    public synchronized List<DriverEvent.PredictedFailure> pollNow() {
        polls++;
        List<DriverEvent.PredictedFailure> raised = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (WatchedDisk member : members.get()) {
            seen.add(member.slot());
            Tracked t = tracked.get(member.slot());
            if (t == null || t.disk != member.disk()) {
                t = new Tracked(member.disk());
                tracked.put(member.slot(), t);
            }
            check(member, t, raised);
        }
        tracked.keySet().retainAll(seen);
        return raised;
    }

    /** Polls done so far. */
    public synchronized long polls() {
        return polls;
    }

    private void check(WatchedDisk member, Tracked t, List<DriverEvent.PredictedFailure> raised) {
        HealthSnapshot now;
        try {
            now = member.disk().health();
        } catch (RuntimeException e) {
            if (!t.readFailureLogged) {
                LOG.warn("{}: cannot read the health of {} (slot {}): {}", arrayName, member.name(), member.slot(),
                        e.getMessage());
                t.readFailureLogged = true;
            }
            return;
        }
        t.readFailureLogged = false;
        List<String> worse = HealthChanges.worsening(t.last, now);
        t.last = now;
        if (!worse.isEmpty()) {
            String reason = String.join(", ", worse);
            DriverEvent.PredictedFailure event = new DriverEvent.PredictedFailure(clock.nanoTime(), member.name(),
                    arrayName + " slot " + member.slot() + ": " + reason);
            LOG.warn("{}", event.describe());
            events.publish(event);
            raised.add(event);
            t.prediction = reason;
        }
        if (t.prediction != null && !t.replaceRequested) {
            maybeReplace(member, t);
        }
    }

    private void maybeReplace(WatchedDisk member, Tracked t) {
        String refusal = !policy.allowsReplace() ? policy.whyNoReplace()
                : !spareAvailable.getAsBoolean() ? "no spare is available" : "";
        if (refusal.isEmpty()) {
            t.replaceRequested = requester.requestReplace(member.slot(), t.prediction);
            if (t.replaceRequested) {
                LOG.info("{}: proactive hot replace of {} (slot {}) requested: {}", arrayName, member.name(),
                        member.slot(), t.prediction);
                return;
            }
            refusal = "the array refused the replace";
        }
        if (!t.replaceRefusalLogged) {
            LOG.info("{}: {} (slot {}) is predicted to fail but is not replaced: {}", arrayName, member.name(),
                    member.slot(), refusal);
            t.replaceRefusalLogged = true;
        }
    }

    /** Starts polling on a daemon thread named {@code orion-health-ARRAY}. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(arrayName + ": the health monitor is already started");
        }
        running = true;
        thread = new Thread(this::loop, "orion-health-" + arrayName);
        thread.setDaemon(true);
        thread.start();
        LOG.info("{}: health monitor started, polling every {} s", arrayName,
                TimeUnit.NANOSECONDS.toSeconds(policy.periodNanos()));
    }

    private void loop() {
        while (running) {
            long waitNanos = nextDueNanos - clock.nanoTime();
            if (waitNanos > 0) {
                LockSupport.parkNanos(this, Math.min(waitNanos, MAX_SLEEP_NANOS));
                continue;
            }
            try {
                runDue();
            } catch (RuntimeException e) {
                LOG.error("{}: health poll failed", arrayName, e);
                events.publish(new DriverEvent.InternalError(clock.nanoTime(), "health monitor of " + arrayName,
                        String.valueOf(e)));
            }
        }
    }

    /** Stops the polling thread (if started) and waits for it. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t == null) {
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
