package org.orion.harness.event;

import java.util.HashMap;
import java.util.Map;
import org.orion.driver.api.event.DriverEvent;

/**
 * Drops an event when one with the same kind, subject and description passed less than a window
 * ago. The window runs from the event that passed, not from the last repeat, so a condition that
 * keeps recurring is still reported once per window. A {@link DriverEvent.TestMessage} is never a
 * repeat: someone asked for it. Not thread-safe; the {@link EventManager} serialises calls.
 */
final class DuplicateFilter {
    /** Keys kept before expired ones are swept out. */
    private static final int SWEEP_AT_KEYS = 4096;

    private final long windowNanos;
    private final Map<String, Long> passedAtNanos = new HashMap<>();
    private long dropped;

    DuplicateFilter(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /**
     * The event's key if it is not a repeat of one that passed within the window; null (and counted)
     * if it is. The event counts as passed only once {@link #passed} is called with the key.
     */
    String keyUnlessRepeat(DriverEvent event, long nowNanos) {
        String key = event.kind() + '\u0000' + event.subject() + '\u0000' + event.describe();
        if (event instanceof DriverEvent.TestMessage) {
            return key;
        }
        Long passed = passedAtNanos.get(key);
        if (passed != null && nowNanos - passed < windowNanos) {
            dropped++;
            return null;
        }
        return key;
    }

    /** The event with {@code key} was delivered at {@code nowNanos}: repeats within the window are dropped. */
    void passed(String key, long nowNanos) {
        if (passedAtNanos.size() >= SWEEP_AT_KEYS) {
            passedAtNanos.values().removeIf(at -> nowNanos - at >= windowNanos);
            if (passedAtNanos.size() >= SWEEP_AT_KEYS) {
                passedAtNanos.clear(); // all recent and all different: forgetting costs at most one repeat each
            }
        }
        passedAtNanos.put(key, nowNanos);
    }

    long dropped() {
        return dropped;
    }
}
