package org.orion.raid.health;

import java.time.Duration;
import org.orion.driver.api.spi.DriverConfig;

/**
 * How an array's health monitor behaves.
 *
 * @param periodNanos           time between two polls of every member's health counters
 * @param hotSpareAutoAllocate  spares may be put to work without an operator ({@code [raid]
 *                              hot_spare_auto_allocate} in orion.toml)
 * @param proactiveReplace      the monitor may start a hot replace of a member predicted to fail (a
 *                              monitor option, off for an operator who wants to decide)
 */
public record HealthPolicy(long periodNanos, boolean hotSpareAutoAllocate, boolean proactiveReplace) {
    /** smartd's default: every half hour. */
    public static final long DEFAULT_PERIOD_NANOS = Duration.ofMinutes(30).toNanos();

    public HealthPolicy {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("health poll period " + periodNanos + " ns must be positive");
        }
    }

    /**
     * The policy from the {@code [raid]} section ({@code hot_spare_auto_allocate}, true when absent) and
     * the monitor's own options.
     */
    public static HealthPolicy fromConfig(DriverConfig raid, long periodNanos, boolean proactiveReplace) {
        return new HealthPolicy(periodNanos, raid.bool("hot_spare_auto_allocate").orElse(true), proactiveReplace);
    }

    /** Both switches must be on for the monitor to ask for a replace. */
    public boolean allowsReplace() {
        return hotSpareAutoAllocate && proactiveReplace;
    }

    /** Why a replace is not allowed, for the log; empty if it is. */
    String whyNoReplace() {
        if (!hotSpareAutoAllocate) {
            return "hot_spare_auto_allocate is off in [raid]";
        }
        return proactiveReplace ? "" : "proactive replace is off for this monitor";
    }
}
