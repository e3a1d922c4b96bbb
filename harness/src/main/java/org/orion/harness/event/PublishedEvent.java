package org.orion.harness.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.orion.driver.api.event.DriverEvent;

/**
 * An event that passed the {@link EventManager}'s filters, with everything its outputs print worked
 * out once: the wall-clock time it was published, its component device, mdadm's one-line message
 * and the JSON line.
 *
 * @param message mdadm's wording: {@code <Event> event detected on md device <md>[, component device
 *                <dev>]: <description>} ("on device" for events about a disk, "on <driver>" for a driver's)
 */
public record PublishedEvent(DriverEvent event, Instant time, Optional<String> component, String message,
                             String json) {
    public PublishedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(json, "json");
    }

    static PublishedEvent of(DriverEvent event, Instant time) {
        Optional<String> component = EventFacts.componentDevice(event);
        String message = message(event.kind(), EventFacts.subjectNoun(event), event.subject(), component,
                event.describe());
        PublishedEvent partial = new PublishedEvent(event, time, component, message, "");
        return new PublishedEvent(event, time, component, message, EventJson.line(partial));
    }

    static String message(String kind, String subjectNoun, String subject, Optional<String> component,
                          String description) {
        return kind + " event detected on " + subjectNoun + subject
                + component.map(c -> ", component device " + c).orElse("")
                + (description.isEmpty() ? "" : ": " + description);
    }
}
