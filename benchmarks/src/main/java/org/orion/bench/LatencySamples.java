package org.orion.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency samples in a pre-allocated array, sorted once when read: exact percentiles with no
 * dependency (HdrHistogram is not on the class path) and no allocation while recording. Samples
 * beyond the capacity are counted as dropped rather than recorded. {@link #record} may be called
 * from any thread; the readers ({@link #percentileNanos} and friends) only after recording stopped.
 */
final class LatencySamples {
    private final long[] nanos;
    private final AtomicInteger count = new AtomicInteger();
    private long[] sorted;

    LatencySamples(int capacity) {
        this.nanos = new long[capacity];
    }

    /** Forgets every sample (the array is kept, so reuse allocates nothing). */
    void clear() {
        count.set(0);
        sorted = null;
    }

    void record(long latencyNanos) {
        int i = count.getAndIncrement();
        if (i < nanos.length) {
            nanos[i] = latencyNanos;
        }
    }

    /** Samples kept. */
    int size() {
        return Math.min(count.get(), nanos.length);
    }

    /** Samples offered beyond the capacity. */
    int dropped() {
        return Math.max(0, count.get() - nanos.length);
    }

    /** The nearest-rank percentile ({@code fraction} in 0..1), or -1 with no samples. */
    long percentileNanos(double fraction) {
        long[] s = sorted();
        if (s.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(fraction * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    long maxNanos() {
        long[] s = sorted();
        return s.length == 0 ? -1 : s[s.length - 1];
    }

    /** "p50 12.3 us, p99 45.6 us, p99.9 ..., max ... (n samples)". */
    String summary() {
        return String.format(Locale.ROOT, "p50 %s, p90 %s, p99 %s, p99.9 %s, max %s (%d samples)",
                micros(percentileNanos(0.50)), micros(percentileNanos(0.90)), micros(percentileNanos(0.99)),
                micros(percentileNanos(0.999)), micros(maxNanos()), size());
    }

    static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
    }

    private long[] sorted() {
        int n = size();
        if (sorted == null || sorted.length != n) {
            sorted = Arrays.copyOf(nanos, n);
            Arrays.sort(sorted);
        }
        return sorted;
    }
}
