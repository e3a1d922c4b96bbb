package org.orion.harness;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every event to every subscribed sink, in subscription order, on the publishing thread.
 * Sinks may be added while events flow (a copy-on-write list: subscriptions are rare, publications
 * are not). A sink that throws breaks its contract; the fan-out counts it, logs the first one, and
 * carries on, so one bad sink cannot silence the others or fail the data path that raised the event.
 */
public final class EventFanOut implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(EventFanOut.class);

    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();
    private final AtomicLong sinkFailures = new AtomicLong();

    public void subscribe(EventSink sink) {
        sinks.add(sink);
    }

    public void unsubscribe(EventSink sink) {
        sinks.remove(sink);
    }

    @Override
    public void publish(DriverEvent event) {
        for (EventSink sink : sinks) {
            try {
                sink.publish(event);
            } catch (RuntimeException e) {
                if (sinkFailures.getAndIncrement() == 0) {
                    LOG.warn("event sink {} threw on {}; further failures are only counted", sink, event.kind(), e);
                }
            }
        }
    }

    /** How many times a sink has thrown. */
    public long sinkFailures() {
        return sinkFailures.get();
    }
}
