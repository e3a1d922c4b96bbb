package org.orion.driver.api.hw;

import java.util.Objects;

/**
 * The facts of an NVMe controller's SMART / Health Information log page that {@code orion hw probe}
 * prints.
 *
 * @param criticalWarning       the critical warning bits (0 when healthy)
 * @param warnings              those bits in words, empty if none
 * @param temperatureCelsius    composite temperature, or -1 if not reported
 * @param availableSparePercent spare capacity left
 * @param spareThresholdPercent the level below which the controller warns
 * @param percentageUsed        endurance used (may exceed 100)
 * @param dataUnitsRead         thousands of 512-byte units read
 * @param dataUnitsWritten      thousands of 512-byte units written
 * @param powerCycles           power cycles
 * @param powerOnHours          power-on hours
 * @param unsafeShutdowns       shutdowns without notice
 * @param mediaErrors           media and data integrity errors
 * @param errorLogEntries       entries in the error information log
 */
public record NvmeHealthLog(int criticalWarning, String warnings, int temperatureCelsius, int availableSparePercent,
                            int spareThresholdPercent, int percentageUsed, long dataUnitsRead, long dataUnitsWritten,
                            long powerCycles, long powerOnHours, long unsafeShutdowns, long mediaErrors,
                            long errorLogEntries) {
    public NvmeHealthLog {
        Objects.requireNonNull(warnings, "warnings");
    }
}
