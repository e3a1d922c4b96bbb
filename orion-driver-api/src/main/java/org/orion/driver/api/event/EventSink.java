package org.orion.driver.api.event;

/**
 * Where drivers send events. Implementations must be thread-safe, must not block the caller (the
 * data path raises events), and must not throw.
 */
@FunctionalInterface
public interface EventSink {
    void publish(DriverEvent event);

    /** A sink that drops everything. */
    static EventSink discarding() {
        return event -> { };
    }
}
