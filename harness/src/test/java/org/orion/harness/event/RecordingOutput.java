package org.orion.harness.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** An output that keeps what it is given, for tests. */
final class RecordingOutput implements EventOutput {
    final List<PublishedEvent> events = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public void write(PublishedEvent event) {
        events.add(event);
    }

    List<String> kinds() {
        return events.stream().map(e -> e.event().kind()).collect(Collectors.toList());
    }

    @Override
    public void close() {
        closed = true;
    }
}
