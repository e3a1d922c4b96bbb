package org.orion.harness.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated {@code [kernel]} section.
 *
 * @param stateDir   absolute directory for Orion's files (disk images, sockets), from {@code state_dir}
 *                   resolved against the directory of the configuration file
 * @param logLevel   slf4j level name: "error", "warn", "info", "debug" or "trace"
 * @param eventsFile where every event is appended as one JSON object per line ({@code events_file},
 *                   resolved like {@code state_dir}); empty for none
 * @param program    the alert program run for every event as {@code PROGRAM <Event> <device> [<component>]},
 *                   mdadm's {@code PROGRAM} ({@code program}, resolved like {@code state_dir}); empty for none
 */
public record KernelSettings(Path stateDir, String logLevel, Optional<Path> eventsFile, Optional<Path> program) {
    public static final String DEFAULT_STATE_DIR = "var";
    public static final String DEFAULT_LOG_LEVEL = "warn";

    public KernelSettings {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(eventsFile, "eventsFile");
        Objects.requireNonNull(program, "program");
    }

    /** Settings without an events file or alert program. */
    public KernelSettings(Path stateDir, String logLevel) {
        this(stateDir, logLevel, Optional.empty(), Optional.empty());
    }
}
