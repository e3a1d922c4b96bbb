package org.orion.harness.scenario.crash;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;

/**
 * Waits for an array's background pass to end by its {@code RebuildFinished} event. Polling
 * {@code ArrayDevice.sync()} cannot do it on a tiny array: a requested pass starts on the ring a
 * moment later and may finish before a poll ever sees it running, and between the pass ending and
 * its result being recorded {@code sync()} still shows the previous pass's mismatch count. The
 * event is published once per pass with the pass's own mismatch count.
 *
 * <p>Threads: {@link #publish} runs on the array's ring thread; {@link #await} on the explorer's.
 */
final class PassWaiter implements EventSink {
    private final Map<String, LinkedBlockingQueue<DriverEvent.RebuildFinished>> finished = new ConcurrentHashMap<>();

    @Override
    public void publish(DriverEvent event) {
        if (event instanceof DriverEvent.RebuildFinished f) {
            queue(f.array()).add(f);
        }
    }

    /** The next pass of {@code action} to end on {@code array}, or empty after {@code timeoutNanos}. */
    Optional<DriverEvent.RebuildFinished> await(String array, String action, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        LinkedBlockingQueue<DriverEvent.RebuildFinished> queue = queue(array);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                DriverEvent.RebuildFinished f = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                if (f == null) {
                    return Optional.empty();
                }
                if (f.action().equals(action)) {
                    return Optional.of(f);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Forgets an array's events (its name may be used again). */
    void forget(String array) {
        finished.remove(array);
    }

    private LinkedBlockingQueue<DriverEvent.RebuildFinished> queue(String array) {
        return finished.computeIfAbsent(array, k -> new LinkedBlockingQueue<>());
    }
}
