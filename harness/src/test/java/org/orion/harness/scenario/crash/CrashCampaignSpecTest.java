package org.orion.harness.scenario.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/** A spec that cannot run is refused with one line naming the problem and the fix. */
class CrashCampaignSpecTest {
    @ParameterizedTest(name = "{7}")
    @CsvSource(delimiter = '|', value = {
            "5 | 2  | 16384 | 524288 | 60 | 5 | 5 | raid5 with 2 members: use 3 to 16 members",
            "7 | 4  | 16384 | 524288 | 60 | 5 | 5 | raid level 7 is not one Orion builds: use 0, 1, 4, 5, 6 or 10",
            "5 | 4  | 12288 | 524288 | 60 | 5 | 5 | chunk 12288 bytes: use a power of two from 4096 to 1048576",
            "5 | 4  | 16384 | 40000  | 60 | 5 | 5 | member data 40000 bytes: use a multiple of the chunk, at least 4 chunks and at most 64 MiB (members live in memory)",
            "5 | 4  | 16384 | 524288 | 0  | 5 | 5 | operations 0: use 1 to 100000",
            "5 | 4  | 16384 | 524288 | 60 | 0 | 0 | states 0 + 0: ask for at least one crash state",
            "0 | 4  | 16384 | 524288 | 60 | 5 | 5 | raid0 has no redundancy to resync: ask for flush-boundary states only (epochStates 0)",
    })
    void shouldRefuseASpecThatCannotRun(int level, int members, int chunk, long memberData, int ops, int boundary,
                                        int epoch, String message) {
        OrionException e = assertThrows(OrionException.class, () -> new CrashCampaignSpec(level, null, members, chunk,
                memberData, 1, ops, 10, 10, boundary, epoch));
        assertEquals(ErrorCode.USAGE, e.code());
        assertEquals("crash campaign: " + message, e.getMessage());
    }
}
