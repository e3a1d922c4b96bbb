package org.orion.harness.scenario.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/crash-consistency.md, "The write hole", checked as written: a crash, then one member lost
 * before any resync, then reassembly.
 */
class WriteHoleTest extends ExplorerTestBase {
    @ParameterizedTest(name = "raid{0} x{1}, seed {2}")
    @CsvSource({"5, 4, 41", "6, 5, 42"})
    void shouldRefuseADirtyDegradedParityArrayAndKeepStripesThatWereNotBeingWrittenWhenForced(int level, int members,
                                                                                            long seed) {
        WriteHoleReport report = explorer.writeHole(CrashCampaignSpec.small(level, members, seed, 5, 35));
        System.out.println(report.summary());
        assertEquals(report.states(), report.refusedWithoutForce(), "every dirty degraded start is refused");
        assertTrue(report.refusalMessage().contains("was not stopped cleanly and is degraded")
                && report.refusalMessage().contains("--force"), report.refusalMessage());
        assertEquals(report.states(), report.forcedAssemblies(), "--force starts it");
        assertTrue(report.violations().isEmpty(), () -> report.violations().stream().map(CrashViolation::describe)
                .collect(Collectors.joining("\n")));
        // The hole is real (this is what the refusal protects from). On RAID4/5 some flushed data in
        // stripes being written at the crash comes back wrong once reconstructed; RAID6 checks a
        // block solved from P against Q, so there the hole shows as reads that fail instead. If this
        // stops holding, Orion has closed the hole (a journal or PPL): update docs/crash-consistency.md.
        if (level == 6) {
            assertEquals(0, report.wrongUnsettledSectors(), "RAID6 returns no wrong data: " + report.summary());
            assertTrue(report.unreadableUnsettledSectors() > 0, "expected the write hole to show: " + report.summary());
        } else {
            assertTrue(report.wrongDurableSectors() > 0, "expected the write hole to show: " + report.summary());
        }
        assertEquals(0, report.checkMismatchBytes(), "what redundancy is left was resynced: " + report.summary());
    }

    @ParameterizedTest(name = "raid{0} x{1}, seed {2}")
    @CsvSource({"1, 3, 43", "1, 2, 44", "10, 4, 45"})
    void shouldStartADirtyDegradedMirrorWithoutForceAndKeepTheGuaranteeEverywhere(int level, int members, long seed) {
        WriteHoleReport report = explorer.writeHole(CrashCampaignSpec.small(level, members, seed, 5, 25));
        System.out.println(report.summary());
        assertEquals(0, report.refusedWithoutForce(), report.refusalMessage());
        assertTrue(report.violations().isEmpty(), () -> report.violations().stream().map(CrashViolation::describe)
                .collect(Collectors.joining("\n")));
        assertEquals(0, report.wrongUnsettledSectors());
        assertEquals(0, report.checkMismatchBytes(), "the copies left were resynced: " + report.summary());
    }
}
