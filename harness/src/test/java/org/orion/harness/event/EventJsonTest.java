package org.orion.harness.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.event.ByteRange;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.io.IoStatus;

/** The orion.event/1 line: one object per line, read back by the monitor client. */
class EventJsonTest {
    private static final Instant AT = Instant.parse("2024-05-01T12:00:03.250Z");

    private static Map<?, ?> parsed(DriverEvent e) {
        String line = PublishedEvent.of(e, AT).json();
        assertFalse(line.contains("\n"), "one line: " + line);
        return (Map<?, ?>) JsonReader.parse(line);
    }

    @Test
    void shouldWriteTheSchemaFieldsInOrderAndTheRecordsValuesUnderFields() {
        Map<?, ?> doc = parsed(new DriverEvent.MemberFailed(77, "md0", "sata0/d1", IoStatus.MEDIA_ERROR));
        assertEquals(List.of("schema", "time", "kind", "severity", "subject", "component", "description", "message",
                "fields"), List.copyOf(doc.keySet()));
        assertEquals("orion.event/1", doc.get("schema"));
        assertEquals("2024-05-01T12:00:03.250Z", doc.get("time"));
        assertEquals("Fail", doc.get("kind"));
        assertEquals("critical", doc.get("severity"));
        assertEquals("md0", doc.get("subject"));
        assertEquals("sata0/d1", doc.get("component"));
        assertEquals(Map.of("array", "md0", "member", "sata0/d1", "cause", "MEDIA_ERROR"), doc.get("fields"));
    }

    @Test
    void shouldWriteRangesAsPairsAndNullForNoComponent() {
        Map<?, ?> doc = parsed(new DriverEvent.MismatchesFound(0, "md0", "check", 8192,
                List.of(new ByteRange(131072, 262144), new ByteRange(1 << 20, (1 << 20) + 65536))));
        assertNull(doc.get("component"));
        assertTrue(doc.containsKey("component"), "component is always present");
        Map<?, ?> fields = (Map<?, ?>) doc.get("fields");
        assertEquals(List.of(List.of(131072L, 262144L), List.of(1048576L, 1114112L)), fields.get("ranges"));
        assertEquals(8192L, fields.get("mismatchBytes"));
        assertEquals("warning", doc.get("severity"));
    }

    @Test
    void shouldEscapeWhatWouldBreakTheLine() {
        Map<?, ?> doc = parsed(new DriverEvent.InternalError(0, "raid", "boom\n\tat \"x\" \\ \u0001"));
        assertEquals("raid: internal error: boom\n\tat \"x\" \\ \u0001", doc.get("description"));
    }

    @Test
    void shouldReadBackWhatTheMonitorPrints() {
        String line = PublishedEvent.of(new DriverEvent.SpareActive(0, "md0", "nvme0/n0", 1), AT).json();
        MonitoredEvent e = MonitoredEvent.parse(line);
        assertEquals("SpareActive", e.kind());
        assertEquals("md0", e.subject());
        assertEquals(Optional.of("nvme0/n0"), e.component());
        assertEquals("SpareActive event detected on md device md0, component device nvme0/n0: md0: nvme0/n0 is active"
                + " in slot 1", e.message());
        assertEquals(line, e.json());
    }

    @Test
    void shouldRefuseLinesThatAreNotEvents() {
        assertThrows(IllegalArgumentException.class, () -> MonitoredEvent.parse("{\"schema\":\"orion.detail/1\"}"));
        assertThrows(IllegalArgumentException.class, () -> MonitoredEvent.parse("{\"schema\":\"orion.event/1\""));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[1, 2,]"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("{\"a\":01}"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("\"\\x\""));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("true false"));
    }

    @Test
    void shouldReadEveryKindOfJsonValue() {
        Object v = JsonReader.parse(" {\"a\": [true, false, null, -1.5e2, 0, \"\\u00e9\\/\"], \"b\": {}} ");
        assertEquals(Map.of("a", java.util.Arrays.asList(true, false, null, -150.0, 0L, "\u00e9/"), "b", Map.of()), v);
    }
}
