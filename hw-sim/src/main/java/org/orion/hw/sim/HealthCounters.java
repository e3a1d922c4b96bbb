package org.orion.hw.sim;

import java.util.concurrent.atomic.AtomicLong;
import org.orion.driver.api.hw.HealthSnapshot;

/**
 * The SMART-like counters of one simulated disk. The disk bumps them for its own media errors;
 * fault injectors ({@link org.orion.hw.sim.fault.FaultyBlockDevice}) bump them for the faults they
 * inject, so {@link SimDisk#health()} shows what a health monitor would see on real hardware.
 *
 * <p>Thread-safe and lock-free: updated from I/O threads while a monitor reads snapshots.
 */
public final class HealthCounters {
    private final AtomicLong reallocatedSectors = new AtomicLong();
    private final AtomicLong pendingSectors = new AtomicLong();
    private final AtomicLong uncorrectableErrors = new AtomicLong();
    private final AtomicLong mediaErrors = new AtomicLong();
    private volatile boolean failed;

    /** A read or write failed on the medium; {@code uncorrectable} if the data could not be recovered. */
    public void recordMediaError(boolean uncorrectable) {
        mediaErrors.incrementAndGet();
        if (uncorrectable) {
            uncorrectableErrors.incrementAndGet();
        }
    }

    /** {@code sectors} became unreadable and wait for a rewrite (SMART 197 goes up). */
    public void addPendingSectors(long sectors) {
        pendingSectors.addAndGet(sectors);
    }

    /**
     * {@code sectors} pending sectors were rewritten; the drive remapped them to spares, as drives do
     * for sectors that failed to read (SMART 197 goes down, SMART 5 goes up).
     */
    public void pendingSectorsRewritten(long sectors) {
        pendingSectors.addAndGet(-sectors);
        reallocatedSectors.addAndGet(sectors);
    }

    /** The disk stopped working; its own verdict is now "failed". */
    public void markFailed() {
        failed = true;
    }

    public boolean isFailed() {
        return failed;
    }

    public long reallocatedSectors() {
        return reallocatedSectors.get();
    }

    public long pendingSectors() {
        return pendingSectors.get();
    }

    public long uncorrectableErrors() {
        return uncorrectableErrors.get();
    }

    public long mediaErrors() {
        return mediaErrors.get();
    }

    /**
     * The counters as a snapshot. The verdict is the device's own: "passed" until it has failed;
     * judging rising counters is the host's health monitor's job, as with real SMART.
     */
    public HealthSnapshot snapshot(long atNanos, int temperatureCelsius, long powerOnHours, int percentageUsed) {
        return new HealthSnapshot(atNanos, !failed, reallocatedSectors.get(), pendingSectors.get(),
                uncorrectableErrors.get(), mediaErrors.get(), temperatureCelsius, powerOnHours, percentageUsed);
    }

    @Override
    public String toString() {
        return "HealthCounters[reallocated=" + reallocatedSectors + ", pending=" + pendingSectors + ", uncorrectable="
                + uncorrectableErrors + ", mediaErrors=" + mediaErrors + (failed ? ", FAILED" : "") + "]";
    }
}
