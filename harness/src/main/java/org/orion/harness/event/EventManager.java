package org.orion.harness.event;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.config.KernelSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's event sink: filters, then delivers to every output in publication order.
 *
 * <pre>
 *   publish (any thread) -> repeat? drop  -> token for the kind? no: drop, count -> enqueue
 *   delivery thread      -> log, events file, alert program, monitor streams (in that order)
 * </pre>
 * <ul>
 *   <li>Repeats: an event with the same kind, subject and description as one delivered within
 *       {@link EventLimits#duplicateWindowNanos()} is dropped and counted.</li>
 *   <li>Floods: each kind has a token bucket; events without a token are dropped and counted, and
 *       when the kind has a token again one summary line says how many were dropped.</li>
 * </ul>
 * Publishing never blocks: it takes a short lock to filter and enqueue. When the delivery queue is
 * full, events are dropped and counted. Time for both filters is the kernel's {@link NanoClock}, so
 * tests drive them with a manual clock; the wall clock only stamps the JSON.
 */
public final class EventManager implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventManager.class);
    private static final int DELIVERY_QUEUE_EVENTS = 4096;

    /** Ends a {@link #subscribe} subscription. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final NanoClock clock;
    private final Clock wallClock;
    private final EventLimits limits;
    private final DuplicateFilter repeats;
    private final RateLimiter limiter;
    private final Executor delivery;
    private final LogOutput log;
    private final List<EventOutput> outputs = new CopyOnWriteArrayList<>();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong outputFailures = new AtomicLong();
    private volatile boolean closed;

    /**
     * The kernel's manager: the log, plus the events file and alert program {@code settings} name,
     * delivered on one daemon thread, with the default limits.
     */
    public static EventManager start(KernelSettings settings, NanoClock clock) {
        List<EventOutput> outputs = new ArrayList<>();
        settings.eventsFile().ifPresent(file -> outputs.add(new JsonLinesFile(file)));
        settings.program().ifPresent(program -> outputs.add(new ProgramHook(program, ProgramHook.DEFAULT_TIMEOUT)));
        ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(DELIVERY_QUEUE_EVENTS), r -> {
                    Thread t = new Thread(r, "orion-events");
                    t.setDaemon(true);
                    return t;
                });
        thread.allowCoreThreadTimeOut(true);
        return new EventManager(clock, Clock.systemUTC(), EventLimits.DEFAULTS, thread, new LogOutput(), outputs);
    }

    /**
     * @param delivery runs deliveries one at a time in submission order (a single thread; tests pass
     *                 {@code Runnable::run} to deliver on the publishing thread)
     */
    EventManager(NanoClock clock, Clock wallClock, EventLimits limits, Executor delivery, LogOutput log,
                 List<EventOutput> outputs) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.repeats = new DuplicateFilter(limits.duplicateWindowNanos());
        this.limiter = new RateLimiter(limits.burstPerKind(), limits.perSecondPerKind());
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.log = Objects.requireNonNull(log, "log");
        this.outputs.add(log);
        this.outputs.addAll(outputs);
    }

    @Override
    public void publish(DriverEvent event) {
        if (closed) {
            LOG.debug("{} after the event manager closed: dropped", event.kind());
            return;
        }
        synchronized (this) {
            long now = clock.nanoTime();
            String key = repeats.keyUnlessRepeat(event, now);
            if (key == null) {
                return;
            }
            boolean admitted = limiter.admit(event.kind(), now);
            reportSuppressions(limiter.endedSuppressions(now, false));
            if (admitted) {
                repeats.passed(key, now);
                Instant time = wallClock.instant();
                enqueue(() -> deliver(PublishedEvent.of(event, time)));
            }
        }
    }

    /**
     * Adds an output (a monitor stream) until the subscription is closed. It sees the events
     * delivered from now on; the manager closes it when the manager closes.
     */
    public Subscription subscribe(EventOutput output) {
        outputs.add(output);
        return () -> outputs.remove(output);
    }

    /** Waits until everything published before this call has been delivered; false on timeout. */
    public boolean flush(Duration timeout) {
        CountDownLatch done = new CountDownLatch(1);
        if (!enqueue(done::countDown)) {
            return false;
        }
        try {
            return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Events dropped as repeats. */
    public synchronized long repeatsDropped() {
        return repeats.dropped();
    }

    /** Events dropped by the per-kind rate limit. */
    public synchronized long rateLimited() {
        return limiter.dropped();
    }

    /** Events dropped because the delivery queue was full. */
    public long overflowed() {
        return overflowed.get();
    }

    /** Times an output threw. */
    public long outputFailures() {
        return outputFailures.get();
    }

    /** Reports pending rate-limit counts, delivers what is queued (waiting up to 5 s), closes every output. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            reportSuppressions(limiter.endedSuppressions(clock.nanoTime(), true));
            closed = true;
        }
        if (delivery instanceof ExecutorService) {
            ExecutorService service = (ExecutorService) delivery;
            service.shutdown();
            try {
                if (!service.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("events still undelivered after 5 s at shutdown: {} dropped", service.shutdownNow().size());
                }
            } catch (InterruptedException e) {
                service.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        for (EventOutput output : outputs) {
            try {
                output.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {} failed: {}", output, e.toString());
            }
        }
    }

    private void reportSuppressions(List<RateLimiter.Suppressed> ended) {
        for (RateLimiter.Suppressed s : ended) {
            String line = "rate limit: " + s.dropped() + " " + s.kind() + " event(s) dropped (more than "
                    + limits.burstPerKind() + " at once, then " + limits.perSecondPerKind() + " per second)";
            enqueue(() -> log.note(line));
        }
    }

    private boolean enqueue(Runnable task) {
        try {
            delivery.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            if (overflowed.getAndIncrement() == 0) {
                LOG.warn("event delivery is {} events behind: dropping events; further drops are only counted",
                        DELIVERY_QUEUE_EVENTS);
            }
            return false;
        }
    }

    private void deliver(PublishedEvent event) {
        for (EventOutput output : outputs) {
            try {
                output.write(event);
            } catch (RuntimeException e) {
                if (outputFailures.getAndIncrement() == 0) {
                    LOG.warn("event output {} threw on {}; further failures are only counted", output,
                            event.event().kind(), e);
                }
            }
        }
    }
}
