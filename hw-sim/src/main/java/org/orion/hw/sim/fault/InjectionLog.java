package org.orion.hw.sim.fault;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The most recent injections of one device, bounded so that a long campaign with frequent faults
 * cannot exhaust memory, plus a total count. Thread-safe through its own lock; recording allocates
 * one {@link Injection}, which only happens when a fault actually strikes.
 */
final class InjectionLog {
    private final int capacity;
    private final ArrayDeque<Injection> kept = new ArrayDeque<>();
    private long total;

    InjectionLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(Injection injection) {
        if (kept.size() == capacity) {
            kept.removeFirst();
        }
        kept.addLast(injection);
        total++;
    }

    synchronized List<Injection> recent() {
        return List.copyOf(kept);
    }

    synchronized long total() {
        return total;
    }
}
