package org.orion.harness.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One token bucket per event kind: {@code burst} tokens, refilled at {@code perSecond}; an event
 * without a token is dropped and counted against its kind. Once the kind's bucket has a token again,
 * {@link #endedSuppressions} hands back the count once, for a single summary line. Not thread-safe;
 * the {@link EventManager} serialises calls.
 */
final class RateLimiter {
    /** Events of one kind dropped while its bucket was empty. */
    record Suppressed(String kind, long dropped) {
    }

    private static final class Bucket {
        double tokens;
        long atNanos;
        long suppressed;
    }

    private final int burst;
    private final double tokensPerNano;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>();
    private long dropped;
    /** Buckets with a count to report; the common case, zero, costs nothing per event. */
    private int pending;

    RateLimiter(int burst, double perSecond) {
        this.burst = burst;
        this.tokensPerNano = perSecond / 1e9;
    }

    /** True if an event of {@code kind} may pass now (and takes its token). */
    boolean admit(String kind, long nowNanos) {
        Bucket bucket = buckets.get(kind);
        if (bucket == null) {
            bucket = new Bucket();
            bucket.tokens = burst;
            bucket.atNanos = nowNanos;
            buckets.put(kind, bucket);
        }
        refill(bucket, nowNanos);
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return true;
        }
        if (bucket.suppressed++ == 0) {
            pending++;
        }
        dropped++;
        return false;
    }

    /**
     * Kinds that had events dropped and whose bucket has refilled a token since: their counts,
     * each reported once. With {@code all}, every pending count (at shutdown).
     */
    List<Suppressed> endedSuppressions(long nowNanos, boolean all) {
        if (pending == 0) {
            return List.of();
        }
        List<Suppressed> out = new ArrayList<>();
        for (Map.Entry<String, Bucket> e : buckets.entrySet()) {
            Bucket bucket = e.getValue();
            if (bucket.suppressed == 0) {
                continue;
            }
            refill(bucket, nowNanos);
            if (all || bucket.tokens >= 1) {
                out.add(new Suppressed(e.getKey(), bucket.suppressed));
                bucket.suppressed = 0;
                pending--;
            }
        }
        return out;
    }

    long dropped() {
        return dropped;
    }

    private void refill(Bucket bucket, long nowNanos) {
        long elapsed = nowNanos - bucket.atNanos;
        if (elapsed > 0) {
            bucket.tokens = Math.min(burst, bucket.tokens + elapsed * tokensPerNano);
            bucket.atNanos = nowNanos;
        }
    }
}
