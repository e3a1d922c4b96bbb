package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.array.SyncStatus;

class SyncProgressTest {
    @Test
    void shouldDrawTheProgressLineTheWayProcMdstatDoes() {
        SyncStatus status = new SyncStatus("resync", 245_366_784L / 2, 535_822_336L, 0, List.of());
        // 22.8 % of 523264 KiB after 3 s: 40 MiB/s, 0.2 min to go.
        assertEquals("      [====>................]  resync = 22.8% (119808/523264) finish=0.2min speed=39936K/sec",
                SyncProgress.line(status, 3_000_000_000L));
        assertEquals("      [====================>]  check =100.0% (100/100) finish=0.0min speed=100K/sec",
                SyncProgress.line(new SyncStatus("check", 102_400, 102_400, 0, List.of()), 1_000_000_000L));
        assertEquals("      [>....................]  resync =  0.0% (0/100) finish=0.0min speed=0K/sec",
                SyncProgress.line(new SyncStatus("repair", 0, 102_400, 0, List.of()), 1_000_000_000L),
                "md shows a running repair as resync");
    }
}
