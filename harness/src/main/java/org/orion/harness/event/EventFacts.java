package org.orion.harness.event;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.orion.driver.api.event.ByteRange;
import org.orion.driver.api.event.DriverEvent;

/**
 * What the outputs need from an event beyond {@link DriverEvent}'s methods, read from the record's
 * components by name so that a new event record needs no change here:
 * <ul>
 *   <li>it is about an md device when it has an {@code array} component, about a device when it
 *       has a {@code device} component, else about whatever its subject names (a driver);</li>
 *   <li>its component device (mdadm's third program argument) is its {@code member} or non-empty
 *       {@code spare} component; for {@link DriverEvent.MoveSpare} it is the array the spare came
 *       from, as in mdadm;</li>
 *   <li>its fields are all components but {@code atNanos}, as JSON values (enums by name, byte
 *       ranges as {@code [start, end]}).</li>
 * </ul>
 */
final class EventFacts {
    private EventFacts() {
    }

    /** How mdadm's wording names the subject: {@code "md device "}, {@code "device "}, or nothing. */
    static String subjectNoun(DriverEvent event) {
        if (component(event, "array").isPresent()) {
            return "md device ";
        }
        return component(event, "device").isPresent() ? "device " : "";
    }

    static Optional<String> componentDevice(DriverEvent event) {
        if (event instanceof DriverEvent.MoveSpare) {
            return Optional.of(((DriverEvent.MoveSpare) event).fromArray());
        }
        for (String name : List.of("member", "spare")) {
            Optional<Object> value = component(event, name);
            if (value.isPresent() && value.get() instanceof String && !((String) value.get()).isEmpty()) {
                return Optional.of((String) value.get());
            }
        }
        return Optional.empty();
    }

    /** The record's components but {@code atNanos}, in declaration order, as JSON-ready values. */
    static Map<String, Object> fields(DriverEvent event) {
        Map<String, Object> out = new LinkedHashMap<>();
        RecordComponent[] components = event.getClass().getRecordComponents();
        if (components == null) {
            return out;
        }
        for (RecordComponent c : components) {
            if (!c.getName().equals("atNanos")) {
                out.put(c.getName(), jsonValue(read(event, c)));
            }
        }
        return out;
    }

    private static Optional<Object> component(DriverEvent event, String name) {
        RecordComponent[] components = event.getClass().getRecordComponents();
        if (components != null) {
            for (RecordComponent c : components) {
                if (c.getName().equals(name)) {
                    return Optional.ofNullable(read(event, c));
                }
            }
        }
        return Optional.empty();
    }

    private static Object read(DriverEvent event, RecordComponent c) {
        try {
            return c.getAccessor().invoke(event);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + event.kind(), e);
        }
    }

    private static Object jsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name();
        }
        if (value instanceof ByteRange) {
            ByteRange r = (ByteRange) value;
            return List.of(r.startBytes(), r.endBytes());
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) value) {
                out.add(jsonValue(item));
            }
            return out;
        }
        return value.toString();
    }
}
