package org.orion.driver.api.hw;

/**
 * SMART-like counters read at one instant. Counters only grow over a disk's life; a health monitor
 * compares snapshots to spot a disk that is getting worse.
 *
 * @param atNanos               when it was read, on the kernel's clock
 * @param passed                the device's own overall verdict (SMART RETURN STATUS, NVMe critical warning == 0)
 * @param reallocatedSectors    sectors remapped to spares (SMART 5)
 * @param pendingSectors        unreadable sectors waiting for a rewrite (SMART 197)
 * @param uncorrectableErrors   reads that failed for good (SMART 187/198; NVMe media errors)
 * @param mediaErrors           all media errors the device reported to the host
 * @param temperatureCelsius    current temperature, or -1 if unknown
 * @param powerOnHours          power-on hours, or -1 if unknown
 * @param percentageUsed        NVMe endurance used (0..255), or -1 if unknown
 */
public record HealthSnapshot(long atNanos, boolean passed, long reallocatedSectors, long pendingSectors,
                             long uncorrectableErrors, long mediaErrors, int temperatureCelsius, long powerOnHours,
                             int percentageUsed) {
    /** A healthy disk with every counter at zero and nothing else known. */
    public static HealthSnapshot healthy(long atNanos) {
        return new HealthSnapshot(atNanos, true, 0, 0, 0, 0, -1, -1, -1);
    }
}
