package org.orion.driver.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriverEventTest {
    @Test
    void shouldNameProgressEventsTheWayMdadmDoes() {
        assertEquals("Rebuild20", new DriverEvent.RebuildProgress(0, "md0", "recovery", 20).kind());
        assertEquals("Rebuild05", new DriverEvent.RebuildProgress(0, "md0", "recovery", 5).kind());
        assertEquals("Rebuild80", new DriverEvent.RebuildProgress(0, "md0", "check", 80).kind());
    }

    @Test
    void shouldRefuseProgressOfNoneOrAllOfThePass() {
        assertThrows(IllegalArgumentException.class, () -> new DriverEvent.RebuildProgress(0, "md0", "resync", 0));
        assertThrows(IllegalArgumentException.class, () -> new DriverEvent.RebuildProgress(0, "md0", "resync", 100));
    }

    @Test
    void shouldListTheFirstEightRangesAndCountTheRest() {
        List<ByteRange> ranges = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ranges.add(new ByteRange(i * 100L, i * 100L + 10));
        }
        String text = new DriverEvent.MismatchesFound(0, "md0", "check", 4096, ranges).describe();
        assertEquals("md0: check found 4096 mismatched byte(s) in array bytes 0-10, 100-110, 200-210, 300-310, "
                + "400-410, 500-510, 600-610, 700-710 and 2 more", text);
    }

    @Test
    void shouldReportMismatchesInSectorsWhenARebuildFinishes() {
        assertEquals("md0: check finished, mismatches found: 128 sectors",
                new DriverEvent.RebuildFinished(0, "md0", "check", true, 65536).describe());
        assertEquals("md0: recovery stopped before the end",
                new DriverEvent.RebuildFinished(0, "md0", "recovery", false, 0).describe());
    }

    @Test
    void shouldRefuseARangeThatEndsBeforeItStarts() {
        assertThrows(IllegalArgumentException.class, () -> new ByteRange(10, 9));
        assertEquals(0, new ByteRange(10, 10).lengthBytes());
    }

    @Test
    void shouldSayWhetherASpareWasConsidered() {
        assertEquals("md0: no spare used: none left", new DriverEvent.SpareNotUsed(0, "md0", "", "none left").describe());
        assertEquals("md0: spare sata0/d9 not used: too small",
                new DriverEvent.SpareNotUsed(0, "md0", "sata0/d9", "too small").describe());
    }
}
