package org.orion.harness.config;

/**
 * How an array orders the requests it sends to each member ({@code [raid] io_scheduler}).
 */
public enum IoScheduler {
    /** Pass requests straight through in submission order; the member (or its own queue) decides. */
    NONE("none"),
    /** One first-in first-out queue per member, limited to the controller's queue depth. */
    FIFO("fifo"),
    /** Sort by offset to cut seeks, but serve any request older than its deadline first (reads 500 ms, writes 5 s). */
    DEADLINE("deadline");

    private final String configName;

    IoScheduler(String configName) {
        this.configName = configName;
    }

    /** The spelling used in orion.toml. */
    public String configName() {
        return configName;
    }
}
