package org.orion.harness.cli;

/**
 * Process exit statuses besides the {@link org.orion.driver.api.ErrorCode#exitCode()} values.
 * The README lists them all; they are never renumbered.
 */
final class ExitCodes {
    /** Everything worked. */
    static final int OK = 0;
    /** The operation failed for a reason outside the error categories (an unexpected I/O error from the OS). */
    static final int FAILURE = 1;
    /** The command line was wrong (same as ErrorCode.USAGE). */
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
