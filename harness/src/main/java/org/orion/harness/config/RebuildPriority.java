package org.orion.harness.config;

/**
 * How hard rebuild, resync and scrub push against foreground I/O ({@code [raid] rebuild_priority}),
 * in the spirit of md's {@code speed_limit_min}/{@code speed_limit_max}.
 */
public enum RebuildPriority {
    /** Yield to any foreground I/O; guaranteed at least 1 MiB/s. */
    LOW("low"),
    /** Share with foreground I/O; guaranteed at least 10 MiB/s (md's default floor is 1 MB/s, raised for arrays that rebuild in hours, not days). */
    MEDIUM("medium"),
    /** Rebuild first; foreground I/O gets what is left. Shortest window of reduced redundancy. */
    HIGH("high");

    private final String configName;

    RebuildPriority(String configName) {
        this.configName = configName;
    }

    /** The spelling used in orion.toml. */
    public String configName() {
        return configName;
    }
}
