package org.orion.harness.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.event.DriverEvent;

class JsonLinesFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldCreateTheDirectoryAndAppendOneParsableLinePerEventAcrossRestarts() throws IOException {
        Path file = dir.resolve("var/log/events.jsonl");
        JsonLinesFile first = new JsonLinesFile(file);
        first.write(PublishedEvent.of(new DriverEvent.TestMessage(0, "md0"), Instant.EPOCH));
        first.write(PublishedEvent.of(new DriverEvent.DegradedArray(0, "md0", 1, 1), Instant.EPOCH));
        first.close();
        JsonLinesFile second = new JsonLinesFile(file);
        second.write(PublishedEvent.of(new DriverEvent.RebuildProgress(0, "md0", "recovery", 60), Instant.EPOCH));
        second.close();
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), "appended, never truncated");
        assertEquals(List.of("TestMessage", "DegradedArray", "Rebuild60"),
                lines.stream().map(l -> MonitoredEvent.parse(l).kind()).toList());
    }

    @Test
    void shouldCountWritesThatFailAndCarryOn() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain"), "x");
        JsonLinesFile out = new JsonLinesFile(notADirectory.resolve("events.jsonl"));
        out.write(PublishedEvent.of(new DriverEvent.TestMessage(0, "md0"), Instant.EPOCH));
        out.write(PublishedEvent.of(new DriverEvent.TestMessage(0, "md1"), Instant.EPOCH));
        assertEquals(2, out.failures());
    }
}
