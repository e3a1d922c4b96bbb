package org.orion.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.event.DriverEvent;

class EventFanOutTest {
    @Test
    void shouldDeliverEachEventToEverySinkEvenWhenOneThrows() {
        EventFanOut fanOut = new EventFanOut();
        List<String> first = new ArrayList<>();
        List<String> last = new ArrayList<>();
        fanOut.subscribe(e -> first.add(e.subject()));
        fanOut.subscribe(e -> {
            throw new IllegalStateException("broken sink");
        });
        fanOut.subscribe(e -> last.add(e.subject()));
        fanOut.publish(new DriverEvent.DeviceAdded(1, "sata0/d0", "test"));
        fanOut.publish(new DriverEvent.DeviceAdded(2, "sata0/d1", "test"));
        assertEquals(List.of("sata0/d0", "sata0/d1"), first);
        assertEquals(List.of("sata0/d0", "sata0/d1"), last);
        assertEquals(2, fanOut.sinkFailures());
    }

    @Test
    void shouldStopDeliveringToAnUnsubscribedSink() {
        EventFanOut fanOut = new EventFanOut();
        List<String> seen = new ArrayList<>();
        org.orion.driver.api.event.EventSink sink = e -> seen.add(e.subject());
        fanOut.subscribe(sink);
        fanOut.publish(new DriverEvent.DeviceAdded(1, "a", "test"));
        fanOut.unsubscribe(sink);
        fanOut.publish(new DriverEvent.DeviceAdded(2, "b", "test"));
        assertEquals(List.of("a"), seen);
    }
}
