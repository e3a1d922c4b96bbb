package org.orion.harness.event;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.control.ControlStream;
import org.orion.harness.control.StreamingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code monitor} control command behind {@code orion --monitor}: streams every event the
 * {@link EventManager} delivers, as {@code orion.event/1} JSON lines, until the client closes its end
 * or the kernel stops.
 *
 * <p>Request words after {@code monitor} (in any order, empty words ignored):
 * <ul>
 *   <li>{@code test}: publish a {@link DriverEvent.TestMessage} for every running array first, as
 *       mdadm's {@code --test} does. It goes through the kernel's event path, so the log, the events
 *       file and the alert program see it too, which is how one checks that alerts get through;</li>
 *   <li>{@code oneshot}: end the stream once the test messages are out instead of following.</li>
 * </ul>
 * Before anything else the client hears the first-sight events of the arrays running now (NewArray,
 * and DegradedArray / SparesMissing for those already in that state), as mdadm --monitor reports
 * arrays when it starts; those go to this client only, not to the kernel's other outputs.
 * Runs on the connection's thread; checks every {@value #POLL_MILLIS} ms whether the client is gone.
 */
public final class MonitorStream implements StreamingHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorStream.class);
    private static final long POLL_MILLIS = 250;
    private static final int QUEUE_LINES = 1024;

    private final EventManager manager;
    private final EventSink kernelEvents;
    private final Supplier<List<String>> arrayNames;
    private final Supplier<List<DriverEvent>> firstSight;
    private final NanoClock clock;

    /**
     * @param kernelEvents where test messages are published (the kernel's fan-out, which feeds {@code manager})
     * @param arrayNames   the running arrays, each of which gets a test message
     */
    public MonitorStream(EventManager manager, EventSink kernelEvents, Supplier<List<String>> arrayNames,
                         NanoClock clock) {
        this(manager, kernelEvents, arrayNames, List::of, clock);
    }

    /** @param firstSight the events describing the running arrays as they are, sent to each new client first */
    public MonitorStream(EventManager manager, EventSink kernelEvents, Supplier<List<String>> arrayNames,
                         Supplier<List<DriverEvent>> firstSight, NanoClock clock) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.kernelEvents = Objects.requireNonNull(kernelEvents, "kernelEvents");
        this.arrayNames = Objects.requireNonNull(arrayNames, "arrayNames");
        this.firstSight = Objects.requireNonNull(firstSight, "firstSight");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void stream(List<String> args, ControlStream stream) throws IOException {
        boolean test = false;
        boolean oneshot = false;
        for (String word : args) {
            if (word.equals("test")) {
                test = true;
            } else if (word.equals("oneshot")) {
                oneshot = true;
            } else if (!word.isEmpty()) {
                throw new OrionException(ErrorCode.USAGE, "monitor takes 'test' and 'oneshot', not '" + word + "'");
            }
        }
        StreamQueue queue = new StreamQueue(QUEUE_LINES);
        try (EventManager.Subscription ignored = manager.subscribe(queue)) {
            stream.accept();
            for (DriverEvent event : firstSight.get()) {
                stream.writeLine(PublishedEvent.of(event, java.time.Instant.now()).json());
            }
            if (test) {
                for (String array : arrayNames.get()) {
                    kernelEvents.publish(new DriverEvent.TestMessage(clock.nanoTime(), array));
                }
            }
            if (oneshot) {
                manager.flush(Duration.ofSeconds(5));
                for (String line = queue.poll(); line != null; line = queue.poll()) {
                    stream.writeLine(line);
                }
                return;
            }
            follow(queue, stream);
        } finally {
            if (queue.dropped() > 0) {
                LOG.warn("a monitor client fell behind and missed {} event(s)", queue.dropped());
            }
        }
    }

    private static void follow(StreamQueue queue, ControlStream stream) throws IOException {
        try {
            while (true) {
                String line = queue.poll(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
                if (line != null) {
                    stream.writeLine(line);
                } else if (queue.closed() || stream.clientGone()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
