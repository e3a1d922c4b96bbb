package org.orion.harness.event;

import java.util.Map;
import java.util.Optional;

/**
 * One event as an {@code orion --monitor} client receives it: an {@code orion.event/1} JSON line
 * and the few values the client prints or passes to its alert program.
 *
 * @param component the component device, empty when the event has none
 * @param message   mdadm's one-line wording
 * @param json      the line as received
 */
public record MonitoredEvent(String time, String kind, String subject, Optional<String> component, String message,
                             String json) {
    /**
     * Reads one line of the stream.
     *
     * @throws IllegalArgumentException if it is not an {@code orion.event/1} object
     */
    public static MonitoredEvent parse(String line) {
        Object value = JsonReader.parse(line);
        if (!(value instanceof Map) || !EventJson.SCHEMA.equals(((Map<?, ?>) value).get("schema"))) {
            throw new IllegalArgumentException("not an " + EventJson.SCHEMA + " event: " + line);
        }
        Map<?, ?> doc = (Map<?, ?>) value;
        return new MonitoredEvent(text(doc, "time"), text(doc, "kind"), text(doc, "subject"),
                Optional.ofNullable(doc.get("component")).map(Object::toString), text(doc, "message"), line);
    }

    private static String text(Map<?, ?> doc, String key) {
        Object v = doc.get(key);
        if (!(v instanceof String)) {
            throw new IllegalArgumentException("event line without a \"" + key + "\" string");
        }
        return (String) v;
    }
}
