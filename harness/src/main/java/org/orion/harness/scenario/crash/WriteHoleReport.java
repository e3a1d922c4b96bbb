package org.orion.harness.scenario.crash;

import java.util.List;

/**
 * What the write-hole probe found: crash states each followed by the loss of one member before
 * any resync, then reassembly.
 *
 * @param spec                  what was explored
 * @param states                crash states probed (each with one member lost)
 * @param refusedWithoutForce   states whose plain assembly was refused (dirty and degraded)
 * @param refusalMessage        the first refusal's message, or empty
 * @param forcedAssemblies      states assembled with --force after the refusal
 * @param unsettledSectors      array sectors in stripes being written at the crash (a member write
 *                              there not yet durable), over all states
 * @param wrongUnsettledSectors of those, sectors that read back a value the model does not allow
 * @param wrongDurableSectors   of those, sectors whose acknowledged and flushed (or FUA) content was
 *                              lost: the classic write hole (the rest held data still in flight)
 * @param checkMismatchBytes    mismatches a {@code check} pass found on the assembled degraded
 *                              arrays where one could run (RAID1/10 with copies left; RAID6 with
 *                              one member lost), over all states
 * @param unreadableUnsettledSectors sectors in those stripes whose read failed instead (RAID6: a
 *                              block solved from P that Q contradicts is refused, not returned)
 * @param statesWithWrongData   states with at least one such sector
 * @param violations            broken statements: a wrong sector outside the unsettled stripes, a
 *                              refusal missing or present where the statement says otherwise
 * @param elapsedNanos          wall time
 */
public record WriteHoleReport(CrashCampaignSpec spec, int states, int refusedWithoutForce, String refusalMessage,
                              int forcedAssemblies, long unsettledSectors, long wrongUnsettledSectors,
                              long unreadableUnsettledSectors,
                              long wrongDurableSectors, long checkMismatchBytes, int statesWithWrongData, List<CrashViolation> violations, long elapsedNanos) {
    public WriteHoleReport {
        violations = List.copyOf(violations);
    }

    public boolean passed() {
        return violations.isEmpty();
    }

    public String summary() {
        return String.format("raid%d x%d seed %d write hole: %d states, %d refused without --force, %d forced;"
                        + " %d of %d sectors in stripes being written at the crash wrong (%d of them flushed data; %d state(s)),"
                        + " %d unreadable;"
                        + " check after assembly: %d mismatched bytes; %d violation(s)",
                spec.level(), spec.members(), spec.seed(), states, refusedWithoutForce, forcedAssemblies,
                wrongUnsettledSectors, unsettledSectors, wrongDurableSectors, statesWithWrongData, unreadableUnsettledSectors,
                checkMismatchBytes,
                violations.size());
    }
}
