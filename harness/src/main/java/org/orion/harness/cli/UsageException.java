package org.orion.harness.cli;

import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * A command line that cannot be run as written. The CLI prints the message and then the usage line
 * of the mode (or of orion itself), and exits with status 2.
 */
final class UsageException extends OrionException {
    private static final long serialVersionUID = 1L;

    private final String usage;

    /**
     * @param message what is wrong, e.g. "unknown option '--jsn'"
     * @param usage   the usage line without the leading "usage: ", e.g. "orion hw list [--json]"
     */
    UsageException(String message, String usage) {
        super(ErrorCode.USAGE, message);
        this.usage = usage;
    }

    String usage() {
        return usage;
    }
}
