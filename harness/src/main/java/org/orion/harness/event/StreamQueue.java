package org.orion.harness.event;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JSON lines waiting for one {@code orion --monitor} client. The delivery thread only offers
 * (a client that stops reading loses events, counted, instead of stalling everyone else); the
 * client's connection thread takes them off and writes them to its socket.
 */
final class StreamQueue implements EventOutput {
    private final BlockingQueue<String> lines;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    StreamQueue(int capacity) {
        this.lines = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void write(PublishedEvent event) {
        if (!lines.offer(event.json())) {
            dropped.incrementAndGet();
        }
    }

    /** The next line, or null when none came within the timeout. */
    String poll(long timeoutNanos) throws InterruptedException {
        return lines.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** The next line if one is waiting, else null. */
    String poll() {
        return lines.poll();
    }

    long dropped() {
        return dropped.get();
    }

    /** True once the manager closed: no more lines will come after those waiting. */
    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
