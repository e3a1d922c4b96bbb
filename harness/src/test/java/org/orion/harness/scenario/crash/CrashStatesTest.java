package org.orion.harness.scenario.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Crash states at flush boundaries and inside epochs (subsets of the unflushed member writes, some
 * torn per sector) for every level: after reassembly and resync, flushed data reads back exactly,
 * the rest reads an old or newer written value, assembly needs no --force and a check finds no
 * mismatch. Seeds are fixed so a failure replays; each violation line names its seed and state.
 */
class CrashStatesTest extends ExplorerTestBase {
    @DisplayName("every crash state of a recorded workload keeps the durability guarantee after reassembly and resync")
    @ParameterizedTest(name = "raid{0} x{1}, seed {2}: {3} flush-boundary + {4} epoch states")
    @CsvSource({
            "1, 2, 11, 15, 45",
            "1, 3, 12, 5, 15",
            "5, 4, 13, 15, 45",
            "5, 3, 14, 5, 15",
            "6, 5, 15, 15, 45",
            "6, 4, 16, 5, 15",
            "10, 4, 17, 15, 45",
            "10, 3, 20, 5, 15",
            "0, 3, 19, 30, 0",
    })
    void shouldKeepEveryAcknowledgedFlushedWriteInEveryCrashState(int level, int members, long seed, int boundary,
                                                                  int epoch) {
        CrashReport report = explorer.run(CrashCampaignSpec.small(level, members, seed, boundary, epoch));
        System.out.println(report.summary());
        assertEquals(boundary + epoch, report.statesBuilt(), "every asked state is built");
        assertEquals(boundary + epoch, report.statesChecked(), "every built state is checked");
        assertTrue(report.violations().isEmpty(), () -> report.violations().stream().map(CrashViolation::describe)
                .collect(Collectors.joining("\n")));
        if (epoch > 0) {
            assertTrue(report.tornWrites() > 0, "the epoch states tear some writes: " + report.summary());
        }
        assertTrue(report.memberFlushes() > 0 && report.clientFlushes() > 0, "the workload flushes: " + report.summary());
    }

    @DisplayName("with 256 KiB chunks (4 columns each), whole column ranges of a stripe are written in merged batches,"
            + " and every crash state still keeps the durability guarantee")
    @ParameterizedTest(name = "raid{0} x{1}, 256 KiB chunks, seed {2}")
    @CsvSource({
            "5, 4, 31",
            "6, 5, 32",
            "6, 6, 33",
    })
    void shouldKeepEveryAcknowledgedFlushedWriteWhenStripesAreWrittenInBatches(int level, int members, long seed) {
        int chunk = 256 * 1024;
        CrashReport report = explorer.run(new CrashCampaignSpec(level, null, members, chunk, 16L * chunk, seed, 60, 10, 10,
                10, 30));
        System.out.println(report.summary());
        assertEquals(40, report.statesChecked(), "every asked state is checked");
        assertTrue(report.violations().isEmpty(), () -> report.violations().stream().map(CrashViolation::describe)
                .collect(Collectors.joining("\n")));
    }
}
