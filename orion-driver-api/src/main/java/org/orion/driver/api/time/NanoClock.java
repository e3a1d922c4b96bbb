package org.orion.driver.api.time;

/**
 * A monotonic clock in nanoseconds. Everything in Orion that needs the time takes one of these
 * instead of calling {@link System#nanoTime()}, so simulations can run on a manual clock.
 */
@FunctionalInterface
public interface NanoClock {
    /** Monotonic nanoseconds; only differences are meaningful. */
    long nanoTime();

    /** The JVM's monotonic clock. */
    static NanoClock system() {
        return System::nanoTime;
    }
}
