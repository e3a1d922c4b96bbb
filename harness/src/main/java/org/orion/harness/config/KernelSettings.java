package org.orion.harness.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The validated {@code [kernel]} section.
 *
 * @param stateDir absolute directory for Orion's files (disk images, sockets), from {@code state_dir}
 *                 resolved against the directory of the configuration file
 * @param logLevel slf4j level name: "error", "warn", "info", "debug" or "trace"
 */
public record KernelSettings(Path stateDir, String logLevel) {
    public static final String DEFAULT_STATE_DIR = "var";
    public static final String DEFAULT_LOG_LEVEL = "warn";

    public KernelSettings {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(logLevel, "logLevel");
    }
}
