package org.orion.hw.sim;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.orion.driver.api.time.NanoClock;

/**
 * A clock that only moves when told to, for deterministic simulation. Simulated controllers (and
 * anything else that keeps timers, such as a fault-injecting wrapper) register a {@link Listener}.
 *
 * <p>{@link #advance(long)} and {@link #set(long)} do not jump straight to the new time: they step
 * through every due time the listeners report on the way, in order, so each completion runs with
 * the clock reading exactly its due time, and work it starts (the next request of a chain) runs
 * within the same call if it falls due before the target. A simulation loop is therefore: submit,
 * {@code clock.advance(step)}, check, repeat; the size of the step changes nothing but how often the
 * loop gets to look.
 *
 * <p>Thread-safe: {@link #nanoTime()} may be read from any thread; moves are serialised, and
 * listeners run on the thread that moves the clock. Time never goes backwards.
 */
public final class ManualClock implements NanoClock {
    /** Something with timers on this clock. */
    @FunctionalInterface
    public interface Listener {
        /** The clock now reads {@code nowNanos}: run whatever is due (on the thread moving the clock). */
        void timeAdvanced(long nowNanos);

        /** The earliest time something of this listener falls due, or {@link Long#MAX_VALUE} for nothing. */
        default long nextDueNanos() {
            return Long.MAX_VALUE;
        }
    }

    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile long nowNanos;

    /** A clock at time zero. */
    public ManualClock() {
        this(0);
    }

    public ManualClock(long startNanos) {
        this.nowNanos = startNanos;
    }

    @Override
    public long nanoTime() {
        return nowNanos;
    }

    /** Moves the clock forward by {@code nanos}, running what falls due on the way (zero: what is due now). */
    public void advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("cannot advance a manual clock by a negative " + nanos
                    + " ns: time only moves forward");
        }
        synchronized (this) {
            moveTo(Math.addExact(nowNanos, nanos));
        }
    }

    /** Sets the clock to {@code newNanos} (not earlier than now), running what falls due on the way. */
    public void set(long newNanos) {
        synchronized (this) {
            if (newNanos < nowNanos) {
                throw new IllegalArgumentException("cannot set a manual clock back from " + nowNanos + " to "
                        + newNanos + " ns: time only moves forward");
            }
            moveTo(newNanos);
        }
    }

    /** Registers {@code listener}; it runs whenever the clock moves. */
    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * Steps through due times up to {@code targetNanos}. Runs under this clock's lock, which is
     * re-entrant, so a listener may move the clock itself.
     */
    private void moveTo(long targetNanos) {
        while (true) {
            long next = Long.MAX_VALUE;
            for (Listener listener : listeners) {
                next = Math.min(next, listener.nextDueNanos());
            }
            if (next > targetNanos) {
                break;
            }
            // A nested move from a listener may already have gone further; never step back.
            nowNanos = Math.max(nowNanos, next);
            fireListeners();
        }
        nowNanos = Math.max(nowNanos, targetNanos);
        fireListeners();
    }

    private void fireListeners() {
        for (Listener listener : listeners) {
            listener.timeAdvanced(nowNanos);
        }
    }

    @Override
    public String toString() {
        return "ManualClock[" + nowNanos + " ns]";
    }
}
