package org.orion.harness.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.io.IoStatus;
import org.slf4j.Logger;

/** Repeats, floods, order and failing outputs, on a manual clock with delivery on the publishing thread. */
class EventManagerTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(1000 * SECOND);
    private final Logger logger = mock(Logger.class);
    private final RecordingOutput out = new RecordingOutput();

    private EventManager manager(EventLimits limits, Executor delivery, EventOutput... outputs) {
        return new EventManager(now::get, Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC), limits,
                delivery, new LogOutput(logger), List.of(outputs));
    }

    private EventManager manager(EventLimits limits) {
        return manager(limits, Runnable::run, out);
    }

    private static DriverEvent fail(String member) {
        return new DriverEvent.MemberFailed(0, "md0", member, IoStatus.MEDIA_ERROR);
    }

    @Test
    void shouldDeliverEveryEventToTheLogAndEachOutputInPublicationOrder() {
        RecordingOutput second = new RecordingOutput();
        EventManager m = manager(EventLimits.DEFAULTS, Runnable::run, out, second);
        m.publish(fail("sata0/d1"));
        m.publish(new DriverEvent.DegradedArray(0, "md0", 1, 0));
        m.publish(new DriverEvent.RebuildStarted(0, "md0", "recovery", 0, 1 << 20));
        assertEquals(List.of("Fail", "DegradedArray", "RebuildStarted"), out.kinds());
        assertEquals(out.kinds(), second.kinds());
        verify(logger).error("{}", "Fail event detected on md device md0, component device sata0/d1: md0: member "
                + "sata0/d1 marked faulty after MEDIA_ERROR");
        verify(logger).warn("{}", "RebuildStarted event detected on md device md0: md0: recovery started over 1048576"
                + " bytes");
        assertEquals(Instant.parse("2024-05-01T12:00:00Z"), out.events.get(0).time());
    }

    @Test
    void shouldDropTheSameEventWithinTheWindowAndPassItOnceTheWindowHasPassed() {
        EventManager m = manager(new EventLimits(10 * SECOND, 20, 1.0));
        m.publish(fail("sata0/d1"));
        now.addAndGet(9 * SECOND);
        m.publish(fail("sata0/d1"));
        assertEquals(1, out.events.size());
        assertEquals(1, m.repeatsDropped());
        now.addAndGet(SECOND); // 10 s after the one that passed: the window counts from it, not from the repeat
        m.publish(fail("sata0/d1"));
        assertEquals(2, out.events.size());
        assertEquals(1, m.repeatsDropped());
    }

    @Test
    void shouldPassEventsThatDifferInKindSubjectOrDescription() {
        EventManager m = manager(EventLimits.DEFAULTS);
        m.publish(fail("sata0/d1"));
        m.publish(fail("sata0/d2"));
        m.publish(new DriverEvent.MemberFailed(0, "md1", "sata0/d1", IoStatus.MEDIA_ERROR));
        m.publish(new DriverEvent.FailSpare(0, "md0", "sata0/d1", IoStatus.MEDIA_ERROR));
        assertEquals(4, out.events.size());
        assertEquals(0, m.repeatsDropped());
    }

    @Test
    void shouldAlwaysPassATestMessageBecauseSomeoneAskedForIt() {
        EventManager m = manager(EventLimits.DEFAULTS);
        m.publish(new DriverEvent.TestMessage(0, "md0"));
        m.publish(new DriverEvent.TestMessage(0, "md0"));
        assertEquals(List.of("TestMessage", "TestMessage"), out.kinds());
    }

    @Test
    void shouldRateLimitEachKindAndSummariseTheDropsOnceWhenItsBucketRefills() {
        EventManager m = manager(new EventLimits(0, 3, 1.0));
        for (int i = 0; i < 5; i++) {
            m.publish(fail("sata0/d" + i));
        }
        m.publish(new DriverEvent.DegradedArray(0, "md0", 5, 0));
        assertEquals(List.of("Fail", "Fail", "Fail", "DegradedArray"), out.kinds(), "another kind has its own bucket");
        assertEquals(2, m.rateLimited());
        verify(logger, never()).warn(eq("{}"), org.mockito.ArgumentMatchers.startsWith("rate limit"));

        now.addAndGet(SECOND); // one token back: the next event of any kind reports the Fail drops once
        m.publish(new DriverEvent.DegradedArray(0, "md0", 6, 0));
        verify(logger, times(1)).warn("{}", "rate limit: 2 Fail event(s) dropped (more than 3 at once, then 1.0 per"
                + " second)");
        m.publish(fail("sata0/d9"));
        m.publish(new DriverEvent.DegradedArray(0, "md0", 7, 0));
        assertEquals(List.of("Fail", "Fail", "Fail", "DegradedArray", "DegradedArray", "Fail", "DegradedArray"),
                out.kinds());
        verify(logger, times(1)).warn(eq("{}"), org.mockito.ArgumentMatchers.startsWith("rate limit"));
    }

    @Test
    void shouldRefillTheBucketAtTheConfiguredRate() {
        EventManager m = manager(new EventLimits(0, 1, 2.0));
        m.publish(fail("a"));
        m.publish(fail("b"));
        now.addAndGet(SECOND / 2);
        m.publish(fail("c"));
        m.publish(fail("d"));
        assertEquals(2, out.events.size(), "one at once, then one per half second");
        assertEquals(2, m.rateLimited());
    }

    @Test
    void shouldNotLetARateLimitedEventCountAsDeliveredForTheRepeatWindow() {
        EventManager m = manager(new EventLimits(10 * SECOND, 1, 1.0));
        m.publish(fail("a"));
        m.publish(fail("b")); // no token: dropped by the limit, so it never passed
        now.addAndGet(SECOND);
        m.publish(fail("b"));
        assertEquals(2, out.events.size(), "b passes once a token is back; it is not a repeat of a dropped b");
        assertEquals(0, m.repeatsDropped());
    }

    @Test
    void shouldReportPendingDropsAndCloseEveryOutputAtClose() {
        EventManager m = manager(new EventLimits(0, 1, 1.0));
        m.publish(fail("a"));
        m.publish(fail("b"));
        m.close();
        verify(logger).warn("{}", "rate limit: 1 Fail event(s) dropped (more than 1 at once, then 1.0 per second)");
        assertTrue(out.closed);
        m.publish(fail("c"));
        assertEquals(1, out.events.size(), "nothing is delivered after close");
    }

    @Test
    void shouldKeepDeliveringToTheOtherOutputsWhenOneThrows() {
        EventOutput broken = e -> {
            throw new IllegalStateException("broken output");
        };
        EventManager m = manager(EventLimits.DEFAULTS, Runnable::run, broken, out);
        m.publish(fail("a"));
        m.publish(fail("b"));
        assertEquals(2, out.events.size());
        assertEquals(2, m.outputFailures());
    }

    @Test
    void shouldCountEventsDroppedWhenTheDeliveryQueueIsFullInsteadOfBlocking() {
        Executor full = task -> {
            throw new RejectedExecutionException("full");
        };
        EventManager m = manager(EventLimits.DEFAULTS, full, out);
        m.publish(fail("a"));
        m.publish(fail("b"));
        assertEquals(2, m.overflowed());
        assertFalse(m.flush(java.time.Duration.ofMillis(10)));
    }

    @Test
    void shouldStopDeliveringToASubscriptionOnceItIsClosed() {
        EventManager m = manager(EventLimits.DEFAULTS, Runnable::run);
        EventManager.Subscription s = m.subscribe(out);
        m.publish(fail("a"));
        s.close();
        m.publish(fail("b"));
        assertEquals(List.of("Fail"), out.kinds());
        verify(logger, times(2)).error(eq("{}"), anyString());
    }
}
