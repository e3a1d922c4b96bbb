package org.orion.harness.config;

import java.util.OptionalLong;

/**
 * How slow a simulated controller's disks are. {@code typical} starts from the service times of an
 * SSD on the controller's transport (the simulator's personality) and applies any overrides;
 * {@code zero} completes every request inside {@code submit}, which makes tests deterministic.
 *
 * @param zero                  no simulated latency at all
 * @param readBaseNanos         override of the fixed cost of a read
 * @param writeBaseNanos        override of the fixed cost of a write
 * @param flushNanos            override of the cost of a flush
 * @param bytesPerSecond        override of the transfer rate (both directions)
 */
public record LatencySpec(boolean zero, OptionalLong readBaseNanos, OptionalLong writeBaseNanos,
                          OptionalLong flushNanos, OptionalLong bytesPerSecond) {
    /** The transport's typical service times, unchanged. */
    public static final LatencySpec TYPICAL = new LatencySpec(false, OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty());
    /** Requests complete inside submit. */
    public static final LatencySpec ZERO = new LatencySpec(true, OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty());
}
