package org.orion.harness.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.event.ByteRange;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.io.IoStatus;
import org.slf4j.Logger;

/** mdadm's line: "<Event> event detected on md device <md>[, component device <dev>]: <description>". */
class EventWordingTest {
    private static PublishedEvent published(DriverEvent e) {
        return PublishedEvent.of(e, Instant.EPOCH);
    }

    @Test
    void shouldNameTheComponentDeviceOfAMemberEvent() {
        PublishedEvent p = published(new DriverEvent.MemberFailed(0, "md0", "sata0/d1", IoStatus.TIMEOUT));
        assertEquals(Optional.of("sata0/d1"), p.component());
        assertEquals("Fail event detected on md device md0, component device sata0/d1: md0: member sata0/d1 marked "
                + "faulty after TIMEOUT", p.message());
    }

    @Test
    void shouldLeaveTheComponentOutForAnArrayEvent() {
        PublishedEvent p = published(new DriverEvent.RebuildProgress(0, "md0", "recovery", 40));
        assertEquals(Optional.empty(), p.component());
        assertEquals("Rebuild40 event detected on md device md0: md0: recovery 40% done", p.message());
    }

    @Test
    void shouldNameTheSpareOfSpareEventsAndTheSourceArrayOfMoveSpare() {
        assertEquals(Optional.of("nvme0/n0"),
                published(new DriverEvent.SpareActive(0, "md0", "nvme0/n0", 2)).component());
        assertEquals(Optional.of("nvme0/n0"),
                published(new DriverEvent.FailSpare(0, "md0", "nvme0/n0", IoStatus.NO_DEVICE)).component());
        assertEquals(Optional.of("md1"), published(new DriverEvent.MoveSpare(0, "md0", "nvme0/n0", "md1")).component(),
                "mdadm passes the array the spare came from");
        assertEquals(Optional.empty(), published(new DriverEvent.SpareNotUsed(0, "md0", "", "none left")).component());
    }

    @Test
    void shouldSayDeviceRatherThanMdDeviceForADiskEvent() {
        PublishedEvent p = published(new DriverEvent.PredictedFailure(0, "sata0/d3", "reallocated sectors 0 -> 24"));
        assertEquals("PredictedFailure event detected on device sata0/d3: sata0/d3 predicted to fail: reallocated "
                + "sectors 0 -> 24", p.message());
    }

    @Test
    void shouldNameADriverByItsNameAlone() {
        PublishedEvent p = published(new DriverEvent.DriverStateChanged(0, "raid",
                org.orion.driver.api.DriverState.ATTACHED, org.orion.driver.api.DriverState.STARTED));
        assertEquals("DriverStateChanged event detected on raid: driver raid: ATTACHED -> STARTED", p.message());
    }

    @Test
    void shouldLogAtTheSyslogLevelOfTheSeverity() {
        Logger log = mock(Logger.class);
        LogOutput out = new LogOutput(log);
        PublishedEvent critical = published(new DriverEvent.ArrayFailed(0, "md0", "3 of 4 members unusable"));
        PublishedEvent warning = published(new DriverEvent.BadBlocksRecorded(0, "md0", "nvme0/n0",
                List.of(new ByteRange(0, 4096))));
        PublishedEvent info = published(new DriverEvent.TestMessage(0, "md0"));
        out.write(critical);
        out.write(warning);
        out.write(info);
        verify(log).error("{}", critical.message());
        verify(log).error("{}", warning.message()); // lost blocks are critical
        verify(log).info("{}", "TestMessage event detected on md device md0: md0: test message (orion --monitor --test)");
    }
}
