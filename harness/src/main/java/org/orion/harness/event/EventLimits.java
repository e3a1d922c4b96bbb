package org.orion.harness.event;

/**
 * How the {@link EventManager} keeps floods out of people's inboxes.
 *
 * @param duplicateWindowNanos an event with the same kind, subject and description as one delivered
 *                             less than this long ago is dropped (and counted)
 * @param burstPerKind         events of one kind that may pass at once (the token bucket's size)
 * @param perSecondPerKind     events of one kind that may pass per second after a burst
 */
public record EventLimits(long duplicateWindowNanos, int burstPerKind, double perSecondPerKind) {
    /** 10 s against repeats; bursts of 20 of a kind, then one per second. */
    public static final EventLimits DEFAULTS = new EventLimits(10_000_000_000L, 20, 1.0);

    public EventLimits {
        if (duplicateWindowNanos < 0 || burstPerKind < 1 || !(perSecondPerKind > 0)) {
            throw new IllegalArgumentException("event limits need a window >= 0, a burst >= 1 and a rate > 0: "
                    + duplicateWindowNanos + ", " + burstPerKind + ", " + perSecondPerKind);
        }
    }
}
