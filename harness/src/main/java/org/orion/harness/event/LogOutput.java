package org.orion.harness.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per event in mdadm's wording, at error, warn or info for critical, warning and info
 * events (the syslog priorities mdadm's monitor uses), on the logger {@code org.orion.events}. It
 * is always installed, so every event is visible somewhere even with no monitor attached.
 */
final class LogOutput implements EventOutput {
    private final Logger log;

    LogOutput() {
        this(LoggerFactory.getLogger("org.orion.events"));
    }

    LogOutput(Logger log) {
        this.log = log;
    }

    @Override
    public void write(PublishedEvent event) {
        switch (event.event().severity()) {
            case CRITICAL -> log.error("{}", event.message());
            case WARNING -> log.warn("{}", event.message());
            default -> log.info("{}", event.message());
        }
    }

    /** A line about the events themselves (the rate limit's summaries). */
    void note(String line) {
        log.warn("{}", line);
    }

    @Override
    public String toString() {
        return "log " + log.getName();
    }
}
