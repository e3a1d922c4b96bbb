package org.orion.hw.sim;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.orion.driver.api.time.NanoClock;

/**
 * A clock that only moves when told to, for deterministic simulation. Simulated controllers (and
 * anything else that keeps timers, such as a fault-injecting wrapper) register a {@link Listener};
 * {@link #advance(long)} and {@link #set(long)} move the time and then run every listener on the
 * calling thread, so completions that became due run right there, in due-time order. A simulation
 * loop therefore looks like: submit, {@code clock.advance(step)}, check, repeat.
 *
 * <p>Thread-safe: {@link #nanoTime()} may be read from any thread. Time never goes backwards.
 */
public final class ManualClock implements NanoClock {
    /** Told after the clock moved; runs on the thread that moved it. */
    @FunctionalInterface
    public interface Listener {
        void timeAdvanced(long nowNanos);
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

    /** Moves the clock forward by {@code nanos} (zero runs the listeners without moving) and runs the listeners. */
    public void advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("cannot advance a manual clock by a negative " + nanos
                    + " ns: time only moves forward");
        }
        synchronized (this) {
            nowNanos = Math.addExact(nowNanos, nanos);
        }
        fireListeners();
    }

    /** Sets the clock to {@code newNanos} (not earlier than now) and runs the listeners. */
    public void set(long newNanos) {
        synchronized (this) {
            if (newNanos < nowNanos) {
                throw new IllegalArgumentException("cannot set a manual clock back from " + nowNanos + " to "
                        + newNanos + " ns: time only moves forward");
            }
            nowNanos = newNanos;
        }
        fireListeners();
    }

    /** Registers {@code listener}; it runs after every later move of the clock. */
    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    private void fireListeners() {
        // Read the time again per listener: a listener's completions may have advanced the clock.
        for (Listener listener : listeners) {
            listener.timeAdvanced(nowNanos);
        }
    }

    @Override
    public String toString() {
        return "ManualClock[" + nowNanos + " ns]";
    }
}
