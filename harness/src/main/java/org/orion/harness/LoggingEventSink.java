package org.orion.harness;

import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one log line per event: {@code <kind>: <description>}, at info, warn or error
 * for the event's severity (the syslog mapping mdadm's monitor uses). Logging is the kernel's
 * default sink, so every event is visible somewhere even with no monitor attached.
 */
public final class LoggingEventSink implements EventSink {
    private final Logger log;

    public LoggingEventSink() {
        this(LoggerFactory.getLogger("org.orion.events"));
    }

    LoggingEventSink(Logger log) {
        this.log = log;
    }

    @Override
    public void publish(DriverEvent event) {
        switch (event.severity()) {
            case CRITICAL:
                log.error("{}: {}", event.kind(), event.describe());
                break;
            case WARNING:
                log.warn("{}: {}", event.kind(), event.describe());
                break;
            default:
                log.info("{}: {}", event.kind(), event.describe());
        }
    }

    @Override
    public String toString() {
        return "LoggingEventSink[" + log.getName() + "]";
    }
}
