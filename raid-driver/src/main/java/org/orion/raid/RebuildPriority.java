package org.orion.raid;

import java.util.Locale;

/**
 * How much of the disks background passes (rebuild, resync, check) may take, as md's
 * speed_limit_min / speed_limit_max: while clients are active a pass is held to its minimum rate so
 * foreground I/O keeps its latency; when the array is idle it may run up to its maximum.
 *
 * @param busyBytesPerSecond rate while clients issued I/O in the last few milliseconds
 * @param idleBytesPerSecond rate when they did not
 */
public record RebuildPriority(long busyBytesPerSecond, long idleBytesPerSecond) {
    /** md's defaults are 1000 KiB/s and 200000 KiB/s. */
    public static final RebuildPriority LOW = new RebuildPriority(1L << 20, 200L << 20);
    public static final RebuildPriority MEDIUM = new RebuildPriority(16L << 20, 1L << 30);
    public static final RebuildPriority HIGH = new RebuildPriority(256L << 20, Long.MAX_VALUE / 4);

    /** From orion.toml's {@code rebuild_priority}: low, medium or high. */
    public static RebuildPriority of(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "low":
                return LOW;
            case "medium":
                return MEDIUM;
            case "high":
                return HIGH;
            default:
                throw new IllegalArgumentException("rebuild_priority '" + name + "': use low, medium or high");
        }
    }
}
