package org.orion.driver.api;

/**
 * Stable categories of control-path failure. The command line maps each to a process exit code, so
 * codes are never renumbered; new ones are appended.
 */
public enum ErrorCode {
    /** A command-line option, argument or mode was wrong. */
    USAGE(2),
    /** A configuration file or value is invalid. */
    CONFIG(3),
    /** A named device, array, file or export does not exist. */
    NOT_FOUND(4),
    /** Something is in use, already exists, or conflicts with the request. */
    CONFLICT(5),
    /** The request is valid but this device, level or build does not support it. */
    UNSUPPORTED(6),
    /** Data on a device (a superblock, a header) is corrupt or inconsistent. */
    CORRUPT(7),
    /** An I/O operation failed. */
    IO(8),
    /** A device is too small (or too large) for what was asked. */
    SIZE(9),
    /** The operation was refused because it could lose data; a force option may override it. */
    UNSAFE(10),
    /** A bug: an invariant was broken. */
    INTERNAL(70);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code the command line uses for this category. */
    public int exitCode() {
        return exitCode;
    }
}
